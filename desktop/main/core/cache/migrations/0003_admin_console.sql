CREATE TABLE `settings` (
	`id` text PRIMARY KEY NOT NULL,
	`value` text,
	`updated_at` text NOT NULL,
	`updated_by` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `outbox` ADD `offline` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `phone` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `engineer` text;--> statement-breakpoint
ALTER TABLE `users` ADD `must_change_password` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `password_changed_at` text;