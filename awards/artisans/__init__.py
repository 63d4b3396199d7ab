"""The artisan-title process (Nghị định 43/2024/NĐ-CP): nominations, standards checks, three councils voting by
secret ballot, public comment and the title register. Its models belong to the awards app (awards/models.py
imports them); see awards/artisans/voting.py for how ballots are kept secret."""
