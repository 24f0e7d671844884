"""The DuckDB warehouse: schema and data dictionary (schema.sql), marts (marts/*.sql), the dataset registry,
validated ingest (with a reader for real, messy exports), the atomic build, user imports (preview, import, undo,
quarantine) under one writer lock, the version-aware query runner and the benchmark.

``from governance.core import warehouse`` gives the public operations below.
"""

from governance.core.warehouse.builder import (
    DISCLAIMER_EN,
    DISCLAIMER_ZH,
    IMPORTS_LOG,
    BuildReport,
    ImportPreview,
    build,
    build_marts,
    create_schema,
    ensure_exports,
    exports_dir_for,
    format_fingerprint,
    import_file,
    imports_state,
    is_current,
    list_imports,
    preview_import,
    undo_import,
)
from governance.core.warehouse.issues import Issue, Note, ValidationError
from governance.core.warehouse.queries import (
    ReadConnections,
    connect,
    cursor,
    database_ready,
    dataset_info,
    query_names,
    query_sql,
    run_query,
    warehouse_version,
)
from governance.core.warehouse.reading import guess_dataset
from governance.core.warehouse.writes import WarehouseBusy

__all__ = ["DISCLAIMER_EN", "DISCLAIMER_ZH", "IMPORTS_LOG", "BuildReport", "ImportPreview", "Issue", "Note",
           "ReadConnections", "ValidationError", "WarehouseBusy", "build", "build_marts", "connect", "create_schema",
           "cursor", "database_ready", "dataset_info", "ensure_exports", "exports_dir_for", "format_fingerprint", "guess_dataset",
           "import_file", "is_current",
           "imports_state", "list_imports", "preview_import", "query_names", "query_sql", "run_query", "undo_import",
           "warehouse_version"]
