-- Full-text index over projectors for the intake form's serial lookup. Maintained by the core
-- (cache/projector-search-index.ts) whenever projectors, sites or customers change.
-- serial_norm is the serial lowercased with everything but letters and digits removed, so
-- 'BRX-2201', 'brx 2201' and 'brx2201' all find the same projector.
CREATE VIRTUAL TABLE `projector_search` USING fts5(
  projector_id UNINDEXED,
  serial,
  serial_norm,
  model,
  manufacturer,
  site_name,
  customer_name,
  tokenize = 'unicode61 remove_diacritics 2'
);
