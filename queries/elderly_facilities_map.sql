-- elderly_facilities_map: elderly-care facilities of a region as map points (type, operator model, beds, occupancy).
-- In a county: every facility. In a city or the province: only 养老机构 and 街道综合养老服务中心 (the facilities
-- with beds) — the thousands of community stations and meal points would cover each other at that zoom.
-- occupancy_pct = occupied ÷ beds (NULL without beds).
-- Parameters: $region (GB/T code); $bed_facility_types (养老机构, 街道综合养老服务中心: governance/core/vocabulary.py,
-- supplied by the query runner).
SELECT f.facility_id, f.name, f.facility_type, f.operator_model, f.beds, f.nursing_beds, f.occupied_beds,
       occupancy_pct(f.occupied_beds, f.beds) AS occupancy_pct, f.annual_operating_cost, f.lon, f.lat,
       f.county_code, g.county_name
FROM elderly_facilities f
JOIN region_membership m ON m.county_code = f.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = f.county_code
WHERE list_contains($bed_facility_types, f.facility_type)
   OR EXISTS (SELECT 1 FROM regions r WHERE r.code = $region AND r.level = 'county')
ORDER BY f.beds DESC, f.facility_id;
