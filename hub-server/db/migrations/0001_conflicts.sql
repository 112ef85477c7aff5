CREATE TABLE `conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`user_id` text NOT NULL,
	`client_id` text NOT NULL,
	`mutation_id` integer NOT NULL,
	`field` text NOT NULL,
	`your_value` text,
	`their_value` text,
	`their_user_id` text,
	`base_version` integer NOT NULL,
	`created_at` text NOT NULL,
	`resolved_at` text,
	`resolution` text,
	`version` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `conflicts_case_idx` ON `conflicts` (`case_id`);--> statement-breakpoint
CREATE INDEX `conflicts_user_idx` ON `conflicts` (`user_id`);--> statement-breakpoint
CREATE INDEX `cases_site_idx` ON `cases` (`site_id`);