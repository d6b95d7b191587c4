-- porwatch schema v9: one index on addresses.address instead of two (issue 16).
--
-- 001 indexed addresses (address) and 005 added addresses (address COLLATE NOCASE), each the
-- size of the column (about 5.5 MB at 100k addresses, and one more B-tree to update for every
-- new address). porwatch's own lookups by address now use the NOCASE index
-- (`address = ?1 COLLATE NOCASE AND address = ?1`: the index narrows, the exact compare
-- decides), and the views' address columns are NOCASE already, so the plain index is dropped.
-- An index holds no data: nothing stored is lost.
DROP INDEX IF EXISTS addresses_address;
