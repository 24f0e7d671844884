-- mart_elderly_county: elderly-care stock per county (beds, nursing beds, centres, meal points).
-- beds / nursing_beds count every facility; institution_beds / institution_nursing_beds count 养老机构 only — the
-- base of 护理型床位占比, which is measured over institution beds, not community stations' (docs/domain.md §4).
CREATE OR REPLACE TABLE mart_elderly_county AS
WITH f AS (
    SELECT county_code, count(*) AS facilities,
           count(*) FILTER (facility_type = '养老机构') AS institutions,
           count(*) FILTER (facility_type = '街道综合养老服务中心') AS street_centres,
           count(*) FILTER (facility_type = '社区居家养老服务站') AS community_stations,
           count(*) FILTER (facility_type = '助餐点') AS meal_points,
           sum(beds) AS beds, sum(nursing_beds) AS nursing_beds, sum(occupied_beds) AS occupied_beds,
           coalesce(sum(beds) FILTER (facility_type = '养老机构'), 0) AS institution_beds,
           coalesce(sum(nursing_beds) FILTER (facility_type = '养老机构'), 0) AS institution_nursing_beds,
           sum(annual_operating_cost) AS annual_operating_cost
    FROM elderly_facilities GROUP BY county_code
), s AS (  -- streets (街道) that have a comprehensive centre
    SELECT c.county_code, count(DISTINCT c.township_code) AS streets_with_centre
    FROM elderly_facilities f JOIN communities c ON c.community_id = f.community_id
    JOIN townships t ON t.township_code = c.township_code
    WHERE f.facility_type = '街道综合养老服务中心' AND t.kind = '街道' GROUP BY c.county_code
)
SELECT g.county_code, g.streets, g.communities, g.residents_60plus,
       coalesce(f.facilities, 0) AS facilities, coalesce(f.institutions, 0) AS institutions,
       coalesce(f.street_centres, 0) AS street_centres, coalesce(f.community_stations, 0) AS community_stations,
       coalesce(f.meal_points, 0) AS meal_points, coalesce(f.beds, 0) AS beds,
       coalesce(f.nursing_beds, 0) AS nursing_beds, coalesce(f.occupied_beds, 0) AS occupied_beds,
       coalesce(f.institution_beds, 0) AS institution_beds,
       coalesce(f.institution_nursing_beds, 0) AS institution_nursing_beds,
       coalesce(f.annual_operating_cost, 0) AS annual_operating_cost,
       coalesce(s.streets_with_centre, 0) AS streets_with_centre
FROM mart_grid_county g LEFT JOIN f ON f.county_code = g.county_code LEFT JOIN s ON s.county_code = g.county_code
ORDER BY g.county_code;

-- mart_elderly_county_month: services delivered per county, month, facility type and operator model.
CREATE OR REPLACE TABLE mart_elderly_county_month AS
SELECT s.county_code, s.month, f.facility_type, f.operator_model, count(*) AS facility_months,
       sum(s.meals_served) AS meals_served, sum(s.home_visits) AS home_visits, sum(s.service_hours) AS service_hours,
       sum(s.people_served) AS people_served, sum(s.satisfaction_pct * s.people_served) AS satisfaction_x_people,
       sum(f.annual_operating_cost / 12) AS operating_cost
FROM elderly_services_monthly s JOIN elderly_facilities f USING (facility_id)
GROUP BY ALL ORDER BY s.county_code, s.month;
