CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text,
	`serial` text NOT NULL,
	`projector_id` text,
	`site_id` text,
	`customer_id` text,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`contact_email` text NOT NULL,
	`channel` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`priority` text NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`assignee_id` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`field_versions` text NOT NULL,
	`version` integer NOT NULL,
	`pending` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cases_created_at` ON `cases` (`created_at`);--> statement-breakpoint
CREATE INDEX `cases_status` ON `cases` (`status`);--> statement-breakpoint
CREATE TABLE `cases_confirmed` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text,
	`serial` text NOT NULL,
	`projector_id` text,
	`site_id` text,
	`customer_id` text,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`contact_email` text NOT NULL,
	`channel` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`priority` text NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`assignee_id` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`field_versions` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`mutation_id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`base_versions` text NOT NULL,
	`created_at` text NOT NULL,
	`case_id` text
);
--> statement-breakpoint
CREATE INDEX `outbox_case_id` ON `outbox` (`case_id`);--> statement-breakpoint
CREATE TABLE `projectors` (
	`id` text PRIMARY KEY NOT NULL,
	`serial` text NOT NULL,
	`model` text NOT NULL,
	`manufacturer` text NOT NULL,
	`site_id` text NOT NULL,
	`install_date` text NOT NULL,
	`warranty_end` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `projectors_site_id` ON `projectors` (`site_id`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`region` text NOT NULL,
	`access_notes` text NOT NULL,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`contact_email` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sites_customer_id` ON `sites` (`customer_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`regions` text NOT NULL,
	`active` integer NOT NULL,
	`version` integer NOT NULL
);
