"""The DuckDB warehouse: schema and data dictionary (schema.sql), marts (marts/*.sql), the dataset registry,
validated ingest, the atomic build and user imports, the named-query runner and the benchmark.

``from governance.core import warehouse`` gives the public operations below.
"""

from governance.core.warehouse.builder import (
    DISCLAIMER_EN,
    DISCLAIMER_ZH,
    IMPORTS_LOG,
    BuildReport,
    build,
    build_marts,
    create_schema,
    ensure_exports,
    exports_dir_for,
    import_file,
    list_imports,
)
from governance.core.warehouse.queries import (
    connect,
    database_ready,
    dataset_info,
    query_names,
    query_sql,
    run_query,
)

__all__ = ["DISCLAIMER_EN", "DISCLAIMER_ZH", "IMPORTS_LOG", "BuildReport", "build", "build_marts", "connect",
           "create_schema", "database_ready", "dataset_info", "ensure_exports", "exports_dir_for", "import_file",
           "list_imports", "query_names", "query_sql", "run_query"]
