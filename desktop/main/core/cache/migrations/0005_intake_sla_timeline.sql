CREATE TABLE `case_events` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`at` text NOT NULL,
	`user_id` text,
	`data` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `case_events_case_id` ON `case_events` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `intake_docs` (
	`doc_id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`ref` text NOT NULL,
	`site_id` text,
	`customer_id` text,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`email` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `intake_docs_kind_ref` ON `intake_docs` (`kind`,`ref`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`case_id` text NOT NULL,
	`event_id` text NOT NULL,
	`actor_id` text,
	`text` text NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `notifications_created_at` ON `notifications` (`created_at`);--> statement-breakpoint
ALTER TABLE `cases` ADD `waiting_for` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `sla_events` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `sla_due_at` text;--> statement-breakpoint
CREATE INDEX `cases_sla_due_at` ON `cases` (`sla_due_at`);--> statement-breakpoint
CREATE INDEX `cases_projector_id` ON `cases` (`projector_id`);--> statement-breakpoint
CREATE INDEX `cases_site_id` ON `cases` (`site_id`);--> statement-breakpoint
ALTER TABLE `cases_confirmed` ADD `waiting_for` text;--> statement-breakpoint
ALTER TABLE `cases_confirmed` ADD `sla_events` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `cases_confirmed` ADD `sla_due_at` text;--> statement-breakpoint
ALTER TABLE `projectors` ADD `contract_end` text;