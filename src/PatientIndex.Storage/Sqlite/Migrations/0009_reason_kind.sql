-- A review task's kind of reason (ReviewReason.KindOf: refused, twins, parent-child, siblings, nhs-differs, dob-differs,
-- name-close, dob-close, or none), written with the task, so the queue filters on it by an index instead of
-- matching text over every open task. Tasks opened before this are classified here by the same rules.
ALTER TABLE review_tasks ADD COLUMN reason_kind TEXT NULL;
UPDATE review_tasks SET reason_kind = CASE
    WHEN reason LIKE 'link refused%' THEN 'refused'
    WHEN reason LIKE '%: possible twins' THEN 'twins'
    WHEN reason LIKE '%: possible parent and child' THEN 'parent-child'
    WHEN reason LIKE '%: possible siblings' THEN 'siblings'
    WHEN reason LIKE '%differ: %NHS number%' THEN 'nhs-differs'
    WHEN reason LIKE '%differ: %birth date%' THEN 'dob-differs'
    WHEN reason LIKE '%close: %name%differ: %' OR (reason LIKE '%close: %name%' AND reason NOT LIKE '%differ: %') THEN 'name-close'
    WHEN reason LIKE '%close: %birth date%' THEN 'dob-close'
END;
CREATE INDEX review_tasks_by_reason_kind ON review_tasks (status, reason_kind, probability);
