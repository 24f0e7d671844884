-- table_counts: rows per warehouse table (data page: what is loaded).
-- Parameters: none.
SELECT table_name, estimated_size AS row_count, comment
FROM duckdb_tables() WHERE schema_name = 'main' AND NOT starts_with(table_name, 'mart_')
  AND table_name NOT IN ('region_membership', 'region_groups')
ORDER BY table_name;
