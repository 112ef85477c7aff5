CREATE TABLE `files` (
	`sha256` text PRIMARY KEY NOT NULL,
	`bytes` integer NOT NULL,
	`mime` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `parts` (
	`id` text PRIMARY KEY NOT NULL,
	`part_number` text NOT NULL,
	`description` text NOT NULL,
	`models` text NOT NULL,
	`active` integer NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `report_counters` (
	`year` integer PRIMARY KEY NOT NULL,
	`last` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `report_photos` (
	`id` text PRIMARY KEY NOT NULL,
	`report_id` text NOT NULL,
	`case_id` text NOT NULL,
	`tag` text NOT NULL,
	`caption` text NOT NULL,
	`sha256` text NOT NULL,
	`thumb_sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_photos_report_idx` ON `report_photos` (`report_id`);--> statement-breakpoint
CREATE INDEX `report_photos_case_idx` ON `report_photos` (`case_id`);--> statement-breakpoint
CREATE TABLE `service_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`visit_id` text,
	`engineer_id` text NOT NULL,
	`number` text,
	`revision` integer NOT NULL,
	`status` text NOT NULL,
	`check_in_at` text,
	`check_out_at` text,
	`diagnosis` text NOT NULL,
	`work_performed` text NOT NULL,
	`tests_performed` text NOT NULL,
	`root_cause` text NOT NULL,
	`resolution` text NOT NULL,
	`parts` text NOT NULL,
	`time_spent_minutes` integer,
	`next_steps` text NOT NULL,
	`follow_up_needed` integer NOT NULL,
	`customer_feedback` text NOT NULL,
	`satisfaction` integer,
	`signature` text,
	`no_signature_reason` text NOT NULL,
	`submitted_at` text,
	`reviewed_by` text,
	`reviewed_at` text,
	`review_comment` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `service_reports_case_idx` ON `service_reports` (`case_id`);--> statement-breakpoint
CREATE INDEX `service_reports_status_idx` ON `service_reports` (`status`);--> statement-breakpoint
CREATE INDEX `service_reports_engineer_idx` ON `service_reports` (`engineer_id`);--> statement-breakpoint
CREATE TABLE `visits` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`engineer_id` text NOT NULL,
	`date` text NOT NULL,
	`start` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`travel_minutes` integer NOT NULL,
	`status` text NOT NULL,
	`checklist` text NOT NULL,
	`cancel_reason` text,
	`reminder_sent_at` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `visits_case_idx` ON `visits` (`case_id`);--> statement-breakpoint
CREATE INDEX `visits_engineer_date_idx` ON `visits` (`engineer_id`,`date`);--> statement-breakpoint
CREATE INDEX `visits_date_idx` ON `visits` (`date`);--> statement-breakpoint
ALTER TABLE `cases` ADD `resolved_at` text;