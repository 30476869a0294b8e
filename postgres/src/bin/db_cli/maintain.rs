//! `db_cli maintain`: ANALYZE every table of the schema, then report each
//! index's size, scans since the statistics were reset, and estimated bloat;
//! `--reindex` rebuilds the bloated B-tree indexes with
//! `REINDEX INDEX CONCURRENTLY` (writes go on meanwhile).
//!
//! Bloat is an estimate, as in the usual catalog-only queries: the leaf
//! pages `reltuples` index tuples would fill at the index's fillfactor
//! (tuple: 4-byte line pointer plus the 8-byte header and the key, aligned
//! to 8; key width from the column type's fixed length, else `pg_stats`
//! when visible, else 32 bytes), against the pages the index has. Only
//! B-tree indexes get an estimate. ANALYZE runs first, so `reltuples` is
//! current. An index is "unused" when it has had no scan since the
//! statistics were reset and backs no primary key or unique constraint.

use serde::Serialize;
use serde_json::json;
use sqlx::PgPool;
use vividshift_postgres::PgStore;

use crate::db::{self, quote_ident};
use crate::output::{CliError, Report, human_bytes, one_line, table};

/// Options of `maintain`.
#[derive(Debug, Clone)]
pub struct MaintainOptions {
    /// Rebuild bloated B-tree indexes concurrently.
    pub reindex: bool,
    /// Estimated bloat ratio (0 to 1) from which an index counts as bloated.
    pub bloat_threshold: f64,
    /// Indexes smaller than this many kB never count as bloated.
    pub min_index_size_kb: i64,
    /// Only this table's indexes (and ANALYZE only it).
    pub table: Option<String>,
}

/// One index in the report.
#[derive(Debug, Clone, Serialize)]
pub struct IndexReport {
    /// Its table.
    pub table: String,
    /// Its name.
    pub index: String,
    /// Access method (`btree`, `gin`, ...).
    pub method: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Scans since the statistics were reset.
    pub scans: i64,
    /// Backs a primary key or unique constraint (never reported unused).
    pub unique: bool,
    /// Estimated wasted bytes (B-tree only).
    pub bloat_bytes: Option<i64>,
    /// Estimated wasted share of the index (B-tree only).
    pub bloat_ratio: Option<f64>,
    /// Counts as bloated under the options.
    pub bloated: bool,
    /// No scans and no constraint behind it.
    pub unused: bool,
}

type IndexRow = (String, String, String, i64, i64, bool, Option<f64>);

const INDEX_SQL: &str = "
WITH idx AS (
    SELECT i.indexrelid, i.indrelid, ci.relname::text AS index_name, ct.relname::text AS table_name,
           am.amname::text AS method, ci.relpages::float8 AS pages, ci.reltuples::float8 AS tuples,
           (i.indisunique OR i.indisprimary) AS is_unique, i.indkey::int2[] AS keys,
           current_setting('block_size')::float8 AS bs,
           coalesce((SELECT substring(o FROM 'fillfactor=(\\d+)')::float8
                     FROM unnest(ci.reloptions) o WHERE o LIKE 'fillfactor=%'), 90) AS ff
    FROM pg_index i
    JOIN pg_class ci ON ci.oid = i.indexrelid
    JOIN pg_class ct ON ct.oid = i.indrelid
    JOIN pg_am am ON am.oid = ci.relam
    WHERE ct.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
      AND ($1::text IS NULL OR ct.relname = $1)
),
widths AS (
    SELECT idx.indexrelid,
           sum(CASE WHEN k.attnum = 0 THEN 32
                    WHEN t.typlen > 0 THEN t.typlen
                    ELSE coalesce(s.avg_width, 32) END)::float8 AS key_width
    FROM idx
    CROSS JOIN LATERAL unnest(idx.keys) AS k(attnum)
    LEFT JOIN pg_attribute a ON a.attrelid = idx.indrelid AND a.attnum = k.attnum
    LEFT JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = idx.table_name
                        AND s.attname = a.attname
    GROUP BY idx.indexrelid
)
SELECT idx.table_name, idx.index_name, idx.method,
       pg_relation_size(idx.indexrelid) AS size,
       coalesce(st.idx_scan, 0) AS scans,
       idx.is_unique,
       CASE WHEN idx.method = 'btree' AND idx.tuples >= 0 THEN
           ceil(idx.tuples * (4 + 8 * ceil((8 + w.key_width) / 8))
                / ((idx.bs - 24 - 16) * idx.ff / 100)) + 1
       END AS expected_pages
FROM idx
JOIN widths w ON w.indexrelid = idx.indexrelid
LEFT JOIN pg_stat_user_indexes st ON st.indexrelid = idx.indexrelid
ORDER BY idx.table_name, idx.index_name";

/// Runs `maintain`.
pub async fn run(store: &PgStore, options: &MaintainOptions) -> Result<Report, CliError> {
    let pool = store.pool();
    let tables: Vec<String> = db::tables(pool)
        .await?
        .into_iter()
        .map(|t| t.name)
        .filter(|name| options.table.as_ref().is_none_or(|only| only == name))
        .collect();
    if let Some(only) = &options.table
        && tables.is_empty()
    {
        return Err(CliError::usage(format!(
            "no table `{only}` in the current schema"
        )));
    }
    for name in &tables {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "ANALYZE {}",
            quote_ident(name)
        )))
        .execute(pool)
        .await
        .map_err(|e| CliError::from(e).context(&format!("ANALYZE {name}")))?;
    }
    let mut indexes = index_report(pool, options).await?;

    let mut reindexed = Vec::new();
    if options.reindex {
        for ix in indexes.iter_mut().filter(|i| i.bloated) {
            let sql = format!("REINDEX INDEX CONCURRENTLY {}", quote_ident(&ix.index));
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(pool)
                .await
                .map_err(|e| {
                    CliError::failed(format!(
                        "REINDEX INDEX CONCURRENTLY {} failed (an invalid `{}_ccnew` index may be \
                         left to drop): {}",
                        ix.index,
                        ix.index,
                        one_line(&e.to_string())
                    ))
                })?;
            let after: i64 = sqlx::query_scalar("SELECT pg_relation_size($1::regclass)")
                .bind(quote_ident(&ix.index))
                .fetch_one(pool)
                .await?;
            reindexed.push(json!({
                "index": ix.index, "size_before_bytes": ix.size_bytes, "size_after_bytes": after,
            }));
        }
    }

    let stats_reset: Option<chrono::DateTime<chrono::Utc>> = sqlx::query_scalar(
        "SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()",
    )
    .fetch_one(pool)
    .await?;
    let mut text = format!("Analyzed {} table(s).\nIndexes:\n", tables.len());
    text.push_str(&table(
        &[
            "table",
            "index",
            "method",
            "size",
            "scans",
            "est. bloat",
            "flags",
        ],
        &indexes
            .iter()
            .map(|i| {
                let mut flags = Vec::new();
                if i.bloated {
                    flags.push("BLOATED");
                }
                if i.unused {
                    flags.push("unused");
                }
                vec![
                    i.table.clone(),
                    i.index.clone(),
                    i.method.clone(),
                    human_bytes(i.size_bytes),
                    i.scans.to_string(),
                    i.bloat_ratio
                        .map(|r| format!("{:.0}%", r * 100.0))
                        .unwrap_or_else(|| "n/a".into()),
                    flags.join(" "),
                ]
            })
            .collect::<Vec<_>>(),
    ));
    let bloated = indexes.iter().filter(|i| i.bloated).count();
    let unused: Vec<&str> = indexes
        .iter()
        .filter(|i| i.unused)
        .map(|i| i.index.as_str())
        .collect();
    text.push_str(&format!(
        "{bloated} bloated index(es) (estimated bloat >= {:.0}% and size >= {} kB); {} unused since {}.\n",
        options.bloat_threshold * 100.0,
        options.min_index_size_kb,
        unused.len(),
        stats_reset
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|| "the cluster started collecting statistics".into())
    ));
    if options.reindex {
        text.push_str(&format!(
            "Rebuilt {} index(es) concurrently.\n",
            reindexed.len()
        ));
        for r in &reindexed {
            text.push_str(&format!(
                "  {}: {} -> {}\n",
                r["index"].as_str().unwrap_or_default(),
                human_bytes(r["size_before_bytes"].as_i64().unwrap_or_default()),
                human_bytes(r["size_after_bytes"].as_i64().unwrap_or_default())
            ));
        }
    } else if bloated > 0 {
        text.push_str(
            "Run `db_cli maintain --reindex` to rebuild the bloated ones concurrently.\n",
        );
    }
    text.push_str("Done.");
    let json = json!({
        "ok": true,
        "analyzed_tables": tables,
        "indexes": indexes,
        "bloated": bloated,
        "unused": unused,
        "stats_reset": stats_reset,
        "reindexed": reindexed,
    });
    Ok(Report::ok(text, json))
}

async fn index_report(
    pool: &PgPool,
    options: &MaintainOptions,
) -> Result<Vec<IndexReport>, CliError> {
    let rows: Vec<IndexRow> = sqlx::query_as(INDEX_SQL)
        .bind(options.table.as_deref())
        .fetch_all(pool)
        .await?;
    let block: i64 = sqlx::query_scalar("SELECT current_setting('block_size')::int8")
        .fetch_one(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(table, index, method, size, scans, unique, expected)| {
            let (bloat_bytes, bloat_ratio) = match expected {
                Some(pages) if size > 0 => {
                    let waste = (size - pages as i64 * block).max(0);
                    (Some(waste), Some(waste as f64 / size as f64))
                }
                _ => (None, None),
            };
            let bloated = method == "btree"
                && size >= options.min_index_size_kb * 1024
                && bloat_ratio.is_some_and(|r| r >= options.bloat_threshold);
            IndexReport {
                unused: scans == 0 && !unique,
                table,
                index,
                method,
                size_bytes: size,
                scans,
                unique,
                bloat_bytes,
                bloat_ratio,
                bloated,
            }
        })
        .collect())
}
