CREATE TABLE `settings` (
	`id` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sign_ins` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`email` text NOT NULL,
	`user_id` text,
	`outcome` text NOT NULL,
	`ip` text,
	`client_name` text
);
--> statement-breakpoint
CREATE INDEX `sign_ins_at_idx` ON `sign_ins` (`at`,`id`);--> statement-breakpoint
CREATE INDEX `sign_ins_user_idx` ON `sign_ins` (`user_id`);--> statement-breakpoint
ALTER TABLE `change_log` ADD `session_id` text;--> statement-breakpoint
ALTER TABLE `change_log` ADD `offline` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `change_log` ADD `hash` text;--> statement-breakpoint
CREATE INDEX `change_log_user_idx` ON `change_log` (`user_id`);--> statement-breakpoint
CREATE INDEX `change_log_created_idx` ON `change_log` (`created_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `phone` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `engineer` text;--> statement-breakpoint
ALTER TABLE `users` ADD `must_change_password` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `password_changed_at` text;--> statement-breakpoint
ALTER TABLE `users` ADD `view_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `last_sign_in_at` text;