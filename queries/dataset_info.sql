-- dataset_info: how and when the warehouse was built, and the fictional-data disclaimer.
-- Parameters: none.
SELECT * FROM dataset_info;
