-- Search (issue 23): one row per ticket holding what search reads of it,
-- normalised in Rust by averias-search (folded, Spanish stems, identifiers
-- as digits), written in the same transaction as every change to the
-- ticket's text. Tickets without a row (before this migration, or
-- imported) are indexed when the store migrates.
--
-- `doc` numbers rows in the order tickets were indexed (the backfill goes
-- in report order), so "newest first" is a walk down `doc`, which both
-- databases' indexes give without sorting the hits.
--
-- On SQLite two FTS5 tables index these rows (external content: the text
-- is stored once): `search_words` the words (title, public text, internal
-- text; the account id is a column too, so a customer's search narrows
-- inside the index), `search_idents` the digits by trigram (any four or
-- more consecutive digits; a customer's digits are looked for among its
-- account's rows instead, by `search_documents_account`). Triggers keep
-- them in step.
-- The migration of the same name for the other backend makes the same change.
CREATE TABLE search_documents (
    doc         INTEGER PRIMARY KEY,
    ticket_id   TEXT NOT NULL UNIQUE REFERENCES tickets(id),
    account_id  TEXT,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    internal    TEXT NOT NULL,
    idents      TEXT NOT NULL
);
-- With the digits: a customer's digit search reads only this index.
CREATE INDEX search_documents_account ON search_documents(account_id, doc, idents);

-- The account id is one token ('-' joins), the words are already split by
-- spaces; detail=column keeps which column a word is in (for the title
-- rank and what customers may read) without positions nobody queries.
-- Prefixes of 2 to 5 characters are indexed (queries cut longer ones to
-- 5): an unindexed prefix is merged whole before the first hit.
CREATE VIRTUAL TABLE search_words USING fts5(
    title, body, internal, account_id,
    content = 'search_documents', content_rowid = 'doc',
    tokenize = "unicode61 remove_diacritics 0 tokenchars '-'",
    prefix = '2 3 4 5',
    detail = column
);
-- Titles alone, for the title rank: a word found in no title ends that
-- query at once, where a column filter on `search_words` would read the
-- word's whole list (every description that has it) to learn so.
CREATE VIRTUAL TABLE search_titles USING fts5(
    title, account_id,
    content = 'search_documents', content_rowid = 'doc',
    tokenize = "unicode61 remove_diacritics 0 tokenchars '-'",
    prefix = '2 3 4 5',
    detail = column
);
CREATE VIRTUAL TABLE search_idents USING fts5(
    idents,
    content = 'search_documents', content_rowid = 'doc',
    tokenize = 'trigram'
);

CREATE TRIGGER search_documents_added AFTER INSERT ON search_documents BEGIN
    INSERT INTO search_words (rowid, title, body, internal, account_id)
        VALUES (new.doc, new.title, new.body, new.internal, new.account_id);
    INSERT INTO search_titles (rowid, title, account_id) VALUES (new.doc, new.title, new.account_id);
    INSERT INTO search_idents (rowid, idents) VALUES (new.doc, new.idents);
END;
CREATE TRIGGER search_documents_removed AFTER DELETE ON search_documents BEGIN
    INSERT INTO search_words (search_words, rowid, title, body, internal, account_id)
        VALUES ('delete', old.doc, old.title, old.body, old.internal, old.account_id);
    INSERT INTO search_titles (search_titles, rowid, title, account_id)
        VALUES ('delete', old.doc, old.title, old.account_id);
    INSERT INTO search_idents (search_idents, rowid, idents) VALUES ('delete', old.doc, old.idents);
END;
CREATE TRIGGER search_documents_changed AFTER UPDATE ON search_documents BEGIN
    INSERT INTO search_words (search_words, rowid, title, body, internal, account_id)
        VALUES ('delete', old.doc, old.title, old.body, old.internal, old.account_id);
    INSERT INTO search_titles (search_titles, rowid, title, account_id)
        VALUES ('delete', old.doc, old.title, old.account_id);
    INSERT INTO search_idents (search_idents, rowid, idents) VALUES ('delete', old.doc, old.idents);
    INSERT INTO search_words (rowid, title, body, internal, account_id)
        VALUES (new.doc, new.title, new.body, new.internal, new.account_id);
    INSERT INTO search_titles (rowid, title, account_id) VALUES (new.doc, new.title, new.account_id);
    INSERT INTO search_idents (rowid, idents) VALUES (new.doc, new.idents);
END;
