-- regions_list: every region with its level and parent (for the region filter and map labels).
-- Parameters: none.
SELECT code, name, name_en, level, parent_code, county_type, lon, lat FROM regions ORDER BY code;
