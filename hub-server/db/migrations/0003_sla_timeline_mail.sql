CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`event_id` text NOT NULL,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attachments_case_idx` ON `attachments` (`case_id`);--> statement-breakpoint
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
CREATE INDEX `case_events_case_idx` ON `case_events` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `mail_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`mailbox_id` text NOT NULL,
	`message_id` text NOT NULL,
	`direction` text NOT NULL,
	`case_id` text,
	`event_id` text,
	`outcome` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_messages_mailbox_message_idx` ON `mail_messages` (`mailbox_id`,`message_id`,`direction`);--> statement-breakpoint
CREATE INDEX `mail_messages_case_idx` ON `mail_messages` (`case_id`);--> statement-breakpoint
CREATE TABLE `mail_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`mailbox_id` text NOT NULL,
	`case_id` text NOT NULL,
	`event_id` text NOT NULL,
	`message` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mail_outbox_next_idx` ON `mail_outbox` (`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `mailboxes` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`imap` text NOT NULL,
	`smtp` text NOT NULL,
	`folder` text NOT NULL,
	`enabled` integer NOT NULL,
	`state` text NOT NULL,
	`last_error` text,
	`last_checked_at` text,
	`retry_at` text,
	`handled` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
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
	`version` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `cases` ADD `waiting_for` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `sla_events` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `sla_due_at` text;--> statement-breakpoint
CREATE INDEX `cases_projector_idx` ON `cases` (`projector_id`);--> statement-breakpoint
CREATE INDEX `cases_sla_due_idx` ON `cases` (`sla_due_at`);--> statement-breakpoint
ALTER TABLE `projectors` ADD `contract_end` text;