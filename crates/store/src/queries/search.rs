//! Search (issue 23): the `search_documents` rows kept in step with the
//! tickets, and the ticket and line searches over them.
//!
//! Writing: [`index_tickets`] reads what the index keeps of some tickets
//! (inside the caller's transaction, so the index commits with the change)
//! and upserts their rows; SQLite's triggers carry them into FTS5,
//! PostgreSQL computes the `tsvector` column itself.
//!
//! Reading: one query per rank (number, title, text), each walking the
//! index newest first (`doc` descending) from the page's position, so a
//! deep page costs what the first does.

use std::collections::HashMap;

use averias_search::{Columns, TicketText};

use super::*;
use crate::rows::{Cells, at, parse, parse_opt};

/// Tickets read per statement while indexing.
const CHUNK: usize = 400;

fn is_sqlite() -> bool {
    DIALECT.name == "sqlite"
}

fn push_ids(qb: &mut QueryBuilder<Db>, ids: &[String]) {
    let mut sep = qb.separated(", ");
    for id in ids {
        sep.push_bind(id.clone());
    }
    qb.push(")");
}

/// Rewrites the search rows of `ids` from what the tickets hold now, in
/// the caller's transaction; a deleted ticket loses its row.
pub(super) async fn index_tickets(
    tx: &mut <Db as sqlx::Database>::Connection,
    ids: &[String],
) -> StoreResult<()> {
    for chunk in ids.chunks(CHUNK) {
        index_chunk(tx, chunk).await?;
    }
    Ok(())
}

#[derive(Default)]
struct Gathered {
    public: Vec<String>,
    internal: Vec<String>,
    identifiers: Vec<String>,
}

async fn index_chunk(
    tx: &mut <Db as sqlx::Database>::Connection,
    ids: &[String],
) -> StoreResult<()> {
    let mut extra: HashMap<String, Gathered> = HashMap::new();
    let mut qb: QueryBuilder<Db> =
        QueryBuilder::new("SELECT ticket_id, msisdn FROM ticket_lines WHERE ticket_id IN (");
    push_ids(&mut qb, ids);
    for r in qb.build().fetch_all(&mut *tx).await? {
        let g = extra.entry(Cells::get(&r, "ticket_id")?).or_default();
        g.identifiers.push(Cells::get(&r, "msisdn")?);
    }
    let mut qb: QueryBuilder<Db> =
        QueryBuilder::new("SELECT ticket_id, imei FROM ticket_equipment WHERE ticket_id IN (");
    push_ids(&mut qb, ids);
    for r in qb.build().fetch_all(&mut *tx).await? {
        let g = extra.entry(Cells::get(&r, "ticket_id")?).or_default();
        g.identifiers.push(Cells::get(&r, "imei")?);
    }
    let mut qb: QueryBuilder<Db> = QueryBuilder::new(
        "SELECT ticket_id, visibility, body AS text FROM notes WHERE ticket_id IN (",
    );
    push_ids(&mut qb, ids);
    qb.push(
        " UNION ALL SELECT ticket_id, visibility, name AS text FROM attachments
         WHERE deleted_at IS NULL AND ticket_id IN (",
    );
    push_ids(&mut qb, ids);
    for r in qb.build().fetch_all(&mut *tx).await? {
        let g = extra.entry(Cells::get(&r, "ticket_id")?).or_default();
        let visibility: String = Cells::get(&r, "visibility")?;
        let text: String = Cells::get(&r, "text")?;
        if visibility == "public" {
            g.public.push(text);
        } else {
            g.internal.push(text);
        }
    }

    let mut qb: QueryBuilder<Db> = QueryBuilder::new(
        "SELECT t.id, t.number, t.account_id, t.title, t.description, t.resolution, t.cancel_reason,
         t.reporter_name, t.reporter_phone, t.reporter_email, t.deleted_at, a.number AS account_number
         FROM tickets t LEFT JOIN accounts a ON a.id = t.account_id WHERE t.id IN (",
    );
    push_ids(&mut qb, ids);
    let rows = qb.build().fetch_all(&mut *tx).await?;
    let mut docs: Vec<(String, Option<String>, averias_search::IndexedTicket)> = Vec::new();
    let mut gone: Vec<String> = Vec::new();
    for r in &rows {
        let id: String = Cells::get(r, "id")?;
        if Cells::get::<Option<i64>>(r, "deleted_at")?.is_some() {
            gone.push(id);
            continue;
        }
        let text_of = |col: &str| -> StoreResult<String> {
            Ok(Cells::get::<Option<String>>(r, col)?.unwrap_or_default())
        };
        let number = text_of("number")?;
        let title = text_of("title")?;
        let owned = [
            text_of("description")?,
            text_of("resolution")?,
            text_of("cancel_reason")?,
            text_of("reporter_name")?,
            text_of("reporter_email")?,
        ];
        let phone = text_of("reporter_phone")?;
        let account_number = text_of("account_number")?;
        let g = extra.remove(&id).unwrap_or_default();
        let text = TicketText {
            number: &number,
            title: &title,
            public: owned.iter().chain(&g.public).map(String::as_str).collect(),
            internal: g.internal.iter().map(String::as_str).collect(),
            identifiers: g
                .identifiers
                .iter()
                .map(String::as_str)
                .chain([phone.as_str(), account_number.as_str()])
                .collect(),
        };
        docs.push((id, Cells::get(r, "account_id")?, text.index()));
    }
    // Rows in the order asked for: the backfill's report order becomes
    // the order of `doc`.
    let order: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    docs.sort_by_key(|(id, _, _)| order.get(id.as_str()).copied());
    for part in docs.chunks(100) {
        let mut qb: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO search_documents (ticket_id, account_id, title, body, internal, idents) ",
        );
        qb.push_values(part, |mut b, (id, account, doc)| {
            b.push_bind(id.clone())
                .push_bind(account.clone())
                .push_bind(doc.title.clone())
                .push_bind(doc.body.clone())
                .push_bind(doc.internal.clone())
                .push_bind(doc.idents.clone());
        });
        qb.push(
            " ON CONFLICT (ticket_id) DO UPDATE SET account_id = excluded.account_id, title = excluded.title,
             body = excluded.body, internal = excluded.internal, idents = excluded.idents",
        );
        qb.build().execute(&mut *tx).await?;
    }
    if !gone.is_empty() {
        let mut qb: QueryBuilder<Db> =
            QueryBuilder::new("DELETE FROM search_documents WHERE ticket_id IN (");
        push_ids(&mut qb, &gone);
        qb.build().execute(&mut *tx).await?;
    }
    Ok(())
}

/// Indexes every ticket without a row, in report order, a chunk per
/// transaction (a million tickets never sit in one).
pub(super) async fn index_missing(pool: &sqlx::Pool<Db>) -> StoreResult<u64> {
    let mut done = 0_u64;
    let mut after: (i64, String) = (i64::MIN, String::new());
    loop {
        let rows = sqlx::query(
            "SELECT t.id, t.reported_at FROM tickets t
             WHERE (t.reported_at > $1 OR (t.reported_at = $1 AND t.id > $2)) AND t.deleted_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.ticket_id = t.id)
             ORDER BY t.reported_at, t.id LIMIT $3",
        )
        .bind(after.0)
        .bind(&after.1)
        .bind(CHUNK as i64)
        .fetch_all(pool)
        .await?;
        let Some(last) = rows.last() else {
            return Ok(done);
        };
        after = (Cells::get(last, "reported_at")?, Cells::get(last, "id")?);
        let ids = rows
            .iter()
            .map(|r| Cells::get::<String>(r, "id"))
            .collect::<StoreResult<Vec<_>>>()?;
        let mut tx = pool.begin().await?;
        index_tickets(&mut tx, &ids).await?;
        tx.commit().await?;
        done += ids.len() as u64;
    }
}

/// ` AND …` narrowing `t` to the tickets whose text matches `text` as
/// the search reads it (the queue's filter box, `?q=` of the ticket
/// list): a whole ticket number is that ticket; otherwise every word and
/// digit run must match, internal text only for scopes that read it.
pub(super) fn push_text_match(qb: &mut QueryBuilder<Db>, text: &str, scope: &TicketScope) {
    let q = averias_search::Query::parse(text);
    if let Some((year, seq)) = q.ticket {
        qb.push(" AND t.number = ")
            .push_bind(TicketNumber::new(i32::from(year), seq).to_string());
        return;
    }
    if !q.searches_index() {
        // Only function words or punctuation: nothing to look for.
        qb.push(" AND 1 = 0");
        return;
    }
    let readable = match scope {
        TicketScope::Account(_) | TicketScope::Consultant(_) => Columns::Public,
        TicketScope::All | TicketScope::RepairQueue(_) => Columns::All,
    };
    if is_sqlite() {
        if let Some(words) = q.fts5_words(readable) {
            qb.push(
                " AND t.id IN (SELECT d.ticket_id FROM search_words w JOIN search_documents d ON d.doc = w.rowid
                 WHERE search_words MATCH ",
            )
            .push_bind(words)
            .push(")");
        }
        if let Some(digits) = q.fts5_digits() {
            qb.push(
                " AND t.id IN (SELECT d.ticket_id FROM search_idents i JOIN search_documents d ON d.doc = i.rowid
                 WHERE search_idents MATCH ",
            )
            .push_bind(digits)
            .push(")");
        }
    } else {
        qb.push(" AND t.id IN (SELECT d.ticket_id FROM search_documents d WHERE 1 = 1");
        if let Some(words) = q.tsquery(readable) {
            qb.push(" AND d.tsv @@ to_tsquery('simple', ")
                .push_bind(words)
                .push(")");
        }
        for like in q.like_digits() {
            qb.push(" AND d.idents LIKE ").push_bind(like);
        }
        qb.push(")");
    }
}

const HIT_COLUMNS: &str =
    "SELECT d.doc, t.id, t.number, t.title, t.status, t.account_id, a.name AS account_name,
    t.reported_at, t.description, t.resolution";

/// Conditions every rank shares: who may see, what is asked besides words.
fn push_conditions(qb: &mut QueryBuilder<Db>, s: &TicketSearch, exclude: &[String]) {
    super::scope::push_scope(qb, &s.scope);
    qb.push(" AND t.deleted_at IS NULL");
    if !s.status.is_empty() {
        qb.push(" AND t.status IN (");
        let mut sep = qb.separated(", ");
        for st in &s.status {
            sep.push_bind(st.as_str());
        }
        qb.push(")");
    }
    if let Some(from) = s.from {
        qb.push(" AND t.reported_at >= ").push_bind(ms(from));
    }
    if let Some(to) = s.to {
        qb.push(" AND t.reported_at < ").push_bind(ms(to));
    }
    if !exclude.is_empty() {
        qb.push(" AND t.id NOT IN (");
        push_ids(qb, exclude);
    }
}

fn push_page(qb: &mut QueryBuilder<Db>, doc: &str, below: Option<i64>, limit: i64) {
    if let Some(b) = below {
        qb.push(format!(" AND {doc} < ")).push_bind(b);
    }
    qb.push(format!(" ORDER BY {doc} DESC LIMIT "))
        .push_bind(limit);
}

/// The accounts a scope narrows to inside the index, if it does.
async fn scope_accounts(
    pool: &sqlx::Pool<Db>,
    scope: &TicketScope,
) -> StoreResult<Option<Vec<String>>> {
    Ok(match scope {
        TicketScope::Account(a) => Some(vec![a.to_string()]),
        TicketScope::Consultant(u) => Some(
            sqlx::query_scalar("SELECT id FROM accounts WHERE sales_consultant_id = $1")
                .bind(u.to_string())
                .fetch_all(pool)
                .await?,
        ),
        TicketScope::All | TicketScope::RepairQueue(_) => None,
    })
}

/// Tickets whose number the query is, any year for a bare sequence.
async fn numbered(
    pool: &sqlx::Pool<Db>,
    s: &TicketSearch,
    below: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<(i64, <Db as sqlx::Database>::Row)>> {
    let mut numbers: Vec<String> = Vec::new();
    if let Some((year, seq)) = s.query.ticket {
        numbers.push(TicketNumber::new(i32::from(year), seq).to_string());
    }
    if let Some(seq) = s.query.sequence {
        let years: Vec<i64> = sqlx::query_scalar("SELECT year FROM ticket_counters")
            .fetch_all(pool)
            .await?;
        numbers.extend(
            years
                .into_iter()
                .filter_map(|y| i32::try_from(y).ok())
                .map(|y| TicketNumber::new(y, seq).to_string()),
        );
    }
    if numbers.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb: QueryBuilder<Db> = QueryBuilder::new(HIT_COLUMNS);
    qb.push(
        " FROM tickets t JOIN search_documents d ON d.ticket_id = t.id
         LEFT JOIN accounts a ON a.id = t.account_id WHERE t.number IN (",
    );
    push_ids(&mut qb, &numbers);
    push_conditions(&mut qb, s, &[]);
    push_page(&mut qb, "d.doc", below, limit);
    with_doc(qb.build().fetch_all(pool).await?)
}

fn with_doc(
    rows: Vec<<Db as sqlx::Database>::Row>,
) -> StoreResult<Vec<(i64, <Db as sqlx::Database>::Row)>> {
    rows.into_iter()
        .map(|r| Ok((Cells::get(&r, "doc")?, r)))
        .collect()
}

/// Tickets whose words (all in the title for [`SearchRank::Title`]; all
/// in the readable text but not all in the title for
/// [`SearchRank::Text`]) and identifiers match.
async fn matched(
    pool: &sqlx::Pool<Db>,
    s: &TicketSearch,
    rank: SearchRank,
    below: Option<i64>,
    limit: i64,
    exclude: &[String],
) -> StoreResult<Vec<(i64, <Db as sqlx::Database>::Row)>> {
    let q = &s.query;
    let readable = if s.internal {
        Columns::All
    } else {
        Columns::Public
    };
    let mut qb: QueryBuilder<Db> = QueryBuilder::new(HIT_COLUMNS);
    let doc_column;
    if is_sqlite() {
        let accounts = scope_accounts(pool, &s.scope).await?;
        if accounts.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Vec::new());
        }
        // CROSS JOIN keeps the index the outer loop: walked newest first, it
        // stops at the page's end. (Left to itself, SQLite 3.50 may start
        // from the account's tickets and ask the index once per ticket.)
        if let (Some(words), Some(title)) = (q.fts5_words(readable), q.fts5_words(Columns::Title)) {
            let scope = accounts.as_ref().map_or_else(String::new, |ids| {
                let quoted: Vec<String> = ids.iter().map(|id| format!("\"{id}\"")).collect();
                format!(" AND ({{account_id}} : ({}))", quoted.join(" OR "))
            });
            // The title rank asks the titles' own index; the text rank the
            // words' index, less what the titles hold.
            let (table, expr) = match rank {
                SearchRank::Title => ("search_titles", format!("({title}){scope}")),
                _ => ("search_words", format!("(({words}) NOT ({title})){scope}")),
            };
            qb.push(format!(
                " FROM {table} w CROSS JOIN search_documents d ON d.doc = w.rowid
                 CROSS JOIN tickets t ON t.id = d.ticket_id LEFT JOIN accounts a ON a.id = t.account_id
                 WHERE {table} MATCH "
            ))
            .push_bind(expr);
            doc_column = "w.rowid";
            for like in q.like_digits() {
                qb.push(" AND d.idents LIKE ").push_bind(like);
            }
        } else if rank == SearchRank::Title || q.digits.is_empty() {
            return Ok(Vec::new());
        } else if let Some(ids) = &accounts {
            // Digits within some accounts: their rows, newest first, each
            // read for the digits (an account's few thousand rows beat a
            // walk of every row holding "0416" in the whole index).
            qb.push(
                " FROM search_documents d INDEXED BY search_documents_account
                 CROSS JOIN tickets t ON t.id = d.ticket_id LEFT JOIN accounts a ON a.id = t.account_id
                 WHERE d.account_id IN (",
            );
            push_ids(&mut qb, ids);
            for like in q.like_digits() {
                qb.push(" AND d.idents LIKE ").push_bind(like);
            }
            doc_column = "d.doc";
        } else if let Some(digits) = q.fts5_digits() {
            qb.push(
                " FROM search_idents i CROSS JOIN search_documents d ON d.doc = i.rowid
                 CROSS JOIN tickets t ON t.id = d.ticket_id LEFT JOIN accounts a ON a.id = t.account_id
                 WHERE search_idents MATCH ",
            )
            .push_bind(digits);
            doc_column = "i.rowid";
        } else {
            return Ok(Vec::new());
        }
    } else {
        qb.push(
            " FROM search_documents d JOIN tickets t ON t.id = d.ticket_id
             LEFT JOIN accounts a ON a.id = t.account_id WHERE 1 = 1",
        );
        doc_column = "d.doc";
        match (q.tsquery(readable), q.tsquery(Columns::Title)) {
            (Some(words), Some(title)) => match rank {
                SearchRank::Title => {
                    // The words unweighted, over the titles' own vector.
                    qb.push(" AND d.title_tsv @@ to_tsquery('simple', ")
                        .push_bind(q.tsquery(Columns::All))
                        .push(")");
                }
                _ => {
                    qb.push(" AND d.tsv @@ to_tsquery('simple', ")
                        .push_bind(words)
                        .push(") AND NOT d.tsv @@ to_tsquery('simple', ")
                        .push_bind(title)
                        .push(")");
                }
            },
            _ if rank == SearchRank::Title || q.digits.is_empty() => return Ok(Vec::new()),
            _ => {}
        }
        for like in q.like_digits() {
            qb.push(" AND d.idents LIKE ").push_bind(like);
        }
        match &s.scope {
            TicketScope::Account(a) => {
                qb.push(" AND d.account_id = ").push_bind(a.to_string());
            }
            TicketScope::Consultant(u) => {
                qb.push(
                    " AND d.account_id IN (SELECT id FROM accounts WHERE sales_consultant_id = ",
                )
                .push_bind(u.to_string())
                .push(")");
            }
            TicketScope::All | TicketScope::RepairQueue(_) => {}
        }
    }
    push_conditions(&mut qb, s, exclude);
    push_page(&mut qb, doc_column, below, limit);
    with_doc(qb.build().fetch_all(pool).await?)
}

pub(super) async fn search_tickets(
    pool: &sqlx::Pool<Db>,
    s: &TicketSearch,
) -> StoreResult<Vec<TicketHit>> {
    let start = s.after.map_or(SearchRank::Number, |a| a.rank);
    // Tickets found by their number are not listed again further down.
    let by_number: Vec<String> = if s.query.ticket.is_some() || s.query.sequence.is_some() {
        numbered(pool, s, None, 100)
            .await?
            .iter()
            .map(|(_, r)| Cells::get(r, "id"))
            .collect::<StoreResult<_>>()?
    } else {
        Vec::new()
    };
    let mut found: Vec<(SearchRank, i64, <Db as sqlx::Database>::Row)> = Vec::new();
    for rank in [SearchRank::Number, SearchRank::Title, SearchRank::Text] {
        let want = s.limit - found.len() as i64;
        if rank < start || want <= 0 {
            continue;
        }
        let below = s.after.filter(|a| a.rank == rank).map(|a| a.doc);
        let rows = match rank {
            SearchRank::Number => numbered(pool, s, below, want).await?,
            _ => matched(pool, s, rank, below, want, &by_number).await?,
        };
        found.extend(rows.into_iter().map(|(doc, r)| (rank, doc, r)));
    }
    let ids: Vec<String> = found
        .iter()
        .map(|(_, _, r)| Cells::get(r, "id"))
        .collect::<StoreResult<_>>()?;
    let mut texts = snippet_texts(pool, &ids, s.internal).await?;
    found
        .into_iter()
        .map(|(rank, doc, r)| {
            let id: String = Cells::get(&r, "id")?;
            let mut t = vec![
                Cells::get::<Option<String>>(&r, "description")?.unwrap_or_default(),
                Cells::get::<Option<String>>(&r, "resolution")?.unwrap_or_default(),
            ];
            t.extend(texts.remove(&id).unwrap_or_default());
            Ok(TicketHit {
                position: SearchPosition { rank, doc },
                id: parse(&r, "id", "tickets")?,
                number: Cells::get(&r, "number")?,
                title: Cells::get(&r, "title")?,
                status: parse(&r, "status", "tickets")?,
                account_id: parse_opt(&r, "account_id", "tickets")?,
                account_name: Cells::get(&r, "account_name")?,
                reported_at: at(&r, "reported_at")?,
                texts: t,
            })
        })
        .collect()
}

/// The notes (newest first) and file names of some tickets that a
/// snippet may quote, internal ones only when the caller may read them.
async fn snippet_texts(
    pool: &sqlx::Pool<Db>,
    ids: &[String],
    internal: bool,
) -> StoreResult<HashMap<String, Vec<String>>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let visible = if internal {
        ""
    } else {
        " AND visibility = 'public'"
    };
    let mut qb: QueryBuilder<Db> = QueryBuilder::new(
        "SELECT ticket_id, body AS text, created_at, 0 AS kind FROM notes WHERE ticket_id IN (",
    );
    push_ids(&mut qb, ids);
    qb.push(visible);
    qb.push(
        " UNION ALL SELECT ticket_id, name AS text, created_at, 1 AS kind FROM attachments
         WHERE deleted_at IS NULL AND ticket_id IN (",
    );
    push_ids(&mut qb, ids);
    qb.push(visible);
    qb.push(" ORDER BY kind, created_at DESC");
    for r in qb.build().fetch_all(pool).await? {
        out.entry(Cells::get(&r, "ticket_id")?)
            .or_default()
            .push(Cells::get(&r, "text")?);
    }
    Ok(out)
}

pub(super) async fn search_lines(
    pool: &sqlx::Pool<Db>,
    digits: &str,
    scope: &TicketScope,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<LineHit>> {
    // Lines are stored in international form (+58…); a national number
    // (0416…) is its start after the country code.
    let pattern = match digits.strip_prefix('0') {
        Some(rest) => format!("+58{rest}%"),
        None => format!("%{digits}%"),
    };
    let mut qb: QueryBuilder<Db> = QueryBuilder::new(
        "SELECT l.msisdn, l.account_id, a.number, a.name FROM lines l JOIN accounts a ON a.id = l.account_id
         WHERE l.msisdn LIKE ",
    );
    qb.push_bind(pattern);
    match scope {
        TicketScope::All => {}
        TicketScope::Account(a) => {
            qb.push(" AND l.account_id = ").push_bind(a.to_string());
        }
        TicketScope::Consultant(u) => {
            qb.push(" AND a.sales_consultant_id = ")
                .push_bind(u.to_string());
        }
        TicketScope::RepairQueue(_) => return Ok(Vec::new()),
    }
    if let Some(after) = after {
        qb.push(" AND l.msisdn > ").push_bind(after.to_owned());
    }
    qb.push(" ORDER BY l.msisdn LIMIT ").push_bind(limit);
    qb.build()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(LineHit {
                msisdn: Cells::get(r, "msisdn")?,
                account_id: parse(r, "account_id", "lines")?,
                account_number: Cells::get(r, "number")?,
                account_name: Cells::get(r, "name")?,
            })
        })
        .collect()
}

#[async_trait]
impl SearchStore for This {
    async fn search_tickets(&self, search: &TicketSearch) -> StoreResult<Vec<TicketHit>> {
        search_tickets(&self.reader, search).await
    }

    async fn search_lines(
        &self,
        digits: &str,
        scope: &TicketScope,
        after: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<LineHit>> {
        search_lines(&self.reader, digits, scope, after, limit).await
    }

    async fn index_missing(&self) -> StoreResult<u64> {
        index_missing(&self.writer).await
    }
}
