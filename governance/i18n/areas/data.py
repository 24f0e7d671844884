"""Strings of the 数据与导入 (data & import) page and the 'data updated' notice."""

CATALOG = {
    "data.info_header": {"zh": "数据集信息", "en": "Dataset"},
    "data.fictional": {"zh": "虚构演示数据", "en": "Fictional demo data"},
    "data.built_at": {"zh": "构建时间（UTC）", "en": "Built at (UTC)"},
    "data.scale": {"zh": "规模系数", "en": "Scale"},
    "data.period": {"zh": "月度数据覆盖", "en": "Monthly history"},
    "data.sources": {"zh": "来源文件", "en": "Source files"},
    "data.tables_header": {"zh": "已载入的数据表", "en": "Loaded tables"},
    "data.col_table": {"zh": "数据表", "en": "Table"},
    "data.col_rows": {"zh": "行数", "en": "Rows"},
    "data.col_comment": {"zh": "说明", "en": "Description"},
    "data.dictionary_header": {"zh": "数据字典", "en": "Data dictionary"},
    "data.dictionary_table": {"zh": "选择数据表", "en": "Table"},
    "data.col_column": {"zh": "字段", "en": "Column"},
    "data.col_type": {"zh": "类型", "en": "Type"},
    "data.col_required": {"zh": "必填", "en": "Required"},
    "data.col_label": {"zh": "中文名", "en": "Chinese label"},
    "data.col_unit": {"zh": "单位", "en": "Unit"},
    "data.col_description": {"zh": "说明", "en": "Description"},
    "data.updated_notice": {"zh": "数据已更新（{time}）：本页已显示最新数据。",
                            "en": "Data updated ({time}): this page now shows the latest figures."},
    # ------------------------------------------------------------------ templates
    "data.templates_header": {"zh": "空白填报模板", "en": "Blank templates"},
    "data.templates_help": {
        "zh": "每个数据集一份 XLSX 模板：中文表头和单位、“填报说明”工作表（逐列说明，来自数据字典），枚举列带下拉列表。填好的模板可直接导入。",
        "en": "One XLSX template per dataset: Chinese headers with units, a 填报说明 sheet describing every column "
              "(from the data dictionary) and drop-down lists for enumerated columns. A filled template imports as is.",
    },
    "data.template_dataset": {"zh": "模板数据集", "en": "Template for"},
    "data.template_button": {"zh": "下载空白模板（XLSX）", "en": "Download the blank template (XLSX)"},
    # ------------------------------------------------------------------ import
    "data.import_header": {"zh": "导入业务系统导出文件", "en": "Import an export from a source system"},
    "data.import_help": {
        "zh": "支持 CSV（UTF-8 或 GBK）和 XLSX，按业务人员的习惯读取：自动找到标题行和单位行下方的表头，跳过“合计”行和“注：”说明行，"
              "换算 元/千元/亿元 为万元，识别区县名称、全角数字、百分号、Excel 日期和“2026年10月”。上传后先预览，确认后才载入；"
              "同键记录将被替换，文件须整体通过校验。导入的文件保存在 data/user/imports，重建数据时会重新应用。",
        "en": "CSV (UTF-8 or GBK) or XLSX, read the way a clerk would: the header is found below title and unit rows, "
              "合计 rows and 注 lines are skipped, amounts in 元/千元/亿元 become 万元, county names, full-width digits, "
              "percent signs, Excel dates and 2026年10月 are understood. You see a preview first; nothing is loaded "
              "until you confirm. Rows with the same key are replaced; the whole file must pass. Imports are kept in "
              "data/user/imports and re-applied by every rebuild.",
    },
    "data.import_limits": {
        "zh": "上限：单个文件 {upload_mb} MB，{rows} 行数据；XLSX 解压后不超过 {unpacked_mb} MB。",
        "en": "Limits: {upload_mb} MB per file, {rows} data rows; an XLSX may unpack to at most {unpacked_mb} MB.",
    },
    "data.import_dataset": {"zh": "数据集", "en": "Dataset"},
    "data.import_auto": {"zh": "自动识别（按表头）", "en": "Recognise from the header"},
    "data.import_detected": {"zh": "按表头识别为数据集：{dataset}", "en": "Recognised from the header as: {dataset}"},
    "data.import_file": {"zh": "选择文件", "en": "File"},
    "data.import_disabled": {
        "zh": "只有数据管理员可以导入数据：请以数据管理员账户登录，或在服务器上使用命令行 "
              "python -m governance import 文件 --dataset 数据集。",
        "en": "Only a data administrator may import: sign in with a data administrator account, or use the command "
              "line on the server (python -m governance import FILE --dataset NAME).",
    },
    "data.preview_header": {"zh": "导入预览", "en": "Import preview"},
    "data.preview_rows": {"zh": "数据行", "en": "Data rows"},
    "data.preview_new": {"zh": "新增记录", "en": "New rows"},
    "data.preview_replaced": {"zh": "替换已有记录", "en": "Replace existing rows"},
    "data.preview_notes": {"zh": "读取说明（系统如何理解这份文件）", "en": "How the file was read"},
    "data.preview_sample": {"zh": "前 {n} 行（即将保存的样子）", "en": "First {n} rows, exactly as they will be stored"},
    "data.col_note": {"zh": "说明", "en": "Interpretation"},
    "data.confirm_button": {"zh": "确认导入", "en": "Confirm import"},
    "data.import_ok": {"zh": "已导入 {rows} 行（{dataset}，{file}），驾驶舱数据已更新。",
                       "en": "Imported {rows} rows of {dataset} ({file}); the dashboard now shows them."},
    "data.import_failed": {"zh": "文件未通过校验，未载入任何数据：", "en": "The file did not pass validation; nothing was loaded:"},
    "data.import_more_issues": {"zh": "另有 {n} 个问题未列出。", "en": "{n} more problems not listed."},
    "data.import_busy": {"zh": "另一个导入或构建正在进行，已等待 {seconds} 秒，未做任何更改。请稍后再试。",
                         "en": "Another import or build is running; waited {seconds} s and changed nothing. Try again shortly."},
    "data.write_failed": {"zh": "写入数据仓库时出错，未做任何更改；详情已记录在服务器日志中。",
                          "en": "Writing the warehouse failed and nothing was changed; the details are in the server log."},
    "data.col_file": {"zh": "文件", "en": "File"},
    "data.col_row": {"zh": "行", "en": "Row"},
    "data.col_value": {"zh": "值", "en": "Value"},
    "data.col_problem": {"zh": "问题", "en": "Problem"},
    # ------------------------------------------------------------------ stored imports, undo, quarantine
    "data.imports_header": {"zh": "已导入的文件", "en": "Imported files"},
    "data.no_imports": {"zh": "尚未导入用户数据。", "en": "No user data imported yet."},
    "data.col_import_id": {"zh": "导入编号", "en": "Import id"},
    "data.col_dataset": {"zh": "数据集", "en": "Dataset"},
    "data.col_imported_at": {"zh": "导入时间", "en": "Imported at"},
    "data.col_status": {"zh": "状态", "en": "Status"},
    "data.status_active": {"zh": "已生效", "en": "In effect"},
    "data.status_stored": {"zh": "已保存，本次构建未应用", "en": "Stored, not applied in this build"},
    "data.status_quarantined": {"zh": "已隔离", "en": "Quarantined"},
    "data.not_applied_notice": {
        "zh": "当前数据仓库构建时未应用用户导入（build --no-imports）：{n} 个已保存的导入暂未生效，下次正常构建时会重新应用。",
        "en": "This warehouse was built without user imports (build --no-imports): {n} stored imports are not in "
              "effect; the next normal build applies them again.",
    },
    "data.quarantine_notice": {
        "zh": "有 {n} 个已保存的导入在重建时未通过校验，已被隔离（移至 imports/quarantine），数据仓库已在没有它们的情况下构建。请修正后重新导入。",
        "en": "{n} stored imports failed validation during a rebuild and were quarantined (moved to "
              "imports/quarantine); the warehouse was built without them. Fix and import them again.",
    },
    "data.col_reason": {"zh": "原因", "en": "Reason"},
    "data.undo_select": {"zh": "撤销导入", "en": "Undo an import"},
    "data.undo_button": {"zh": "撤销所选导入并重建", "en": "Undo the selected import and rebuild"},
    "data.undo_help": {"zh": "撤销将在不含该导入的情况下重建数据仓库（其他导入保留），约需数十秒。",
                       "en": "Undo rebuilds the warehouse without that import (the others stay); it takes some seconds."},
    "data.undo_running": {"zh": "正在重建数据仓库……", "en": "Rebuilding the warehouse…"},
    "data.undo_ok": {"zh": "已撤销导入 {file}，数据仓库已重建。", "en": "Undid the import of {file}; the warehouse was rebuilt."},
}
