-- The NHS Number Verification Status kept with the record, as its source sent it (the code 01–08).
-- Null for every record stored before, and for sources that never send one.
ALTER TABLE source_records ADD COLUMN nhs_number_verification TEXT NULL;
