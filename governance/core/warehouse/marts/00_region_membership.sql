-- region_membership: which counties make up each region (a county itself, its city, the province).
-- Every named query filters with `JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region`.
CREATE OR REPLACE TABLE region_membership AS
SELECT code AS region_code, code AS county_code FROM regions WHERE level = 'county'
UNION ALL SELECT parent_code, code FROM regions WHERE level = 'county'
UNION ALL SELECT '320000', code FROM regions WHERE level = 'county';
-- group_membership: for a region, the child group each county rolls up to (city or county level).
CREATE OR REPLACE TABLE region_groups AS
SELECT r.code AS county_code, r.parent_code AS city_code, r.name AS county_name, c.name AS city_name,
       c.name_en AS city_name_en, r.county_type
FROM regions r JOIN regions c ON c.code = r.parent_code WHERE r.level = 'county';
