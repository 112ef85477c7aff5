-- Users gained phone, engineer profile and password markers, and settings became a synced entity.
-- Rows cached before this hold defaults the hub never sent, and settings changed before this cache
-- could store them would never arrive as changes: forget the cursor so the next connection
-- bootstraps afresh. The outbox is kept (a bootstrap never touches it).
DELETE FROM `meta` WHERE `key` IN ('cursorEpoch', 'cursorVersion');
