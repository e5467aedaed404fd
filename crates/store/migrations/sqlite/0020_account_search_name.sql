-- Search (issue 23): an account's name as search reads it, folded (lower
-- case, no accents) by averias-search in Rust, so "el avila" finds
-- "El Ávila" on both databases alike. Written with every account write;
-- rows without it (before this migration, or imported) are filled when
-- the store migrates.
-- The migration of the same name for the other backend makes the same change.
ALTER TABLE accounts ADD COLUMN search_name TEXT;
