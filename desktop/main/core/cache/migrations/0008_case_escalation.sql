ALTER TABLE `cases` ADD `escalation` text;--> statement-breakpoint
ALTER TABLE `cases_confirmed` ADD `escalation` text;--> statement-breakpoint
-- A console older than this column dropped the escalations the hub sent it; forget the cursor so
-- the next connection bootstraps afresh and escalated cases show. The outbox is kept.
DELETE FROM `meta` WHERE `key` IN ('cursorEpoch', 'cursorVersion');
