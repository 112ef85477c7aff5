-- Full-text indexes for the intake search besides projectors: sites, customers and contacts (rows
-- of intake_docs, same rowid). Maintained by the core (cache/intake-search-index.ts).
-- intake_search: words, prefix-matched (unicode61, so case and accents do not matter; the 2- and
-- 3-character prefix indexes keep the first keystrokes cheap). `kind` is one token (customer, site
-- or contact) so each kind is searched with its own LIMIT and a thousand matching sites cannot
-- hide the one matching customer.
CREATE VIRTUAL TABLE `intake_search` USING fts5(
  kind,
  name,
  words,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
--> statement-breakpoint
-- intake_compact: names and codes of sites and customers lowercased with everything but letters
-- and digits removed, so 'GHG-01' is found by 'ghg01' (kept apart so these long terms do not
-- crowd the word vocabulary).
CREATE VIRTUAL TABLE `intake_compact` USING fts5(
  kind,
  compact,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
-- intake_phone: the digits of a contact's phone number, international and national forms, as
-- trigrams, so any run of 3 or more typed digits matches anywhere in the number.
CREATE VIRTUAL TABLE `intake_phone` USING fts5(
  digits,
  tokenize = 'trigram'
);
--> statement-breakpoint
-- The terms of each FTS index (p: projector_search, i: intake_search, c: intake_compact) in a plain
-- b-tree, so a word being typed is expanded to the few whole terms it begins (searched as exact
-- terms, which FTS5 seeks through) instead of a prefix query that loads every matching doclist
-- (all Picturehouses projectors for 'pictu'). fts5vocab could list them too, but it counts each
-- term's documents as it goes, which for 'screen' over a million projectors takes 20 ms. Terms of
-- removed rows may linger; they only expand to nothing. The vocab tables fill it after a rebuild.
CREATE TABLE `search_terms` (
  `source` text NOT NULL,
  `term` text NOT NULL,
  PRIMARY KEY (`source`, `term`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE VIRTUAL TABLE `projector_search_vocab` USING fts5vocab(`projector_search`, 'row');
--> statement-breakpoint
CREATE VIRTUAL TABLE `intake_search_vocab` USING fts5vocab(`intake_search`, 'row');
--> statement-breakpoint
CREATE VIRTUAL TABLE `intake_compact_vocab` USING fts5vocab(`intake_compact`, 'row');
--> statement-breakpoint
INSERT INTO `search_terms` (`source`, `term`) SELECT 'p', `term` FROM `projector_search_vocab`;
--> statement-breakpoint
-- Normalised serials (see normaliseSerial) in a plain B-tree: a serial typed in part is a range
-- scan here, whatever the number of projectors sharing its prefix (an FTS prefix query over a
-- million serials would merge thousands of terms). Maintained with projector_search.
CREATE TABLE `projector_serials` (
  `serial_norm` text NOT NULL,
  `projector_id` text NOT NULL,
  PRIMARY KEY (`serial_norm`, `projector_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `projector_serials_projector_id` ON `projector_serials` (`projector_id`);
--> statement-breakpoint
INSERT INTO `projector_serials` (`serial_norm`, `projector_id`) SELECT lamphouse_serial_norm(`serial`), `id` FROM `projectors`;
--> statement-breakpoint
-- Cases gained waitingFor and SLA fields, projectors a contract end, and case events and
-- notifications became synced entities: rows cached before this lack them and would never arrive
-- as changes, so forget the cursor and bootstrap afresh (the outbox is kept; the bootstrap swap
-- also fills the new indexes).
DELETE FROM `meta` WHERE `key` IN ('cursorEpoch', 'cursorVersion');
