-- funds_by_group: budget (预算安排), disbursed (已拨付) and executed (已支出) funds per year for each city, county or
-- program of a region, with execution and disbursement rates, the social-capital share and spending per resident
-- and per resident aged 60+. Feeds the execution ranking (laggards), budget-vs-spend bars and per-head spending.
-- Parameters:
--   $region       GB/T 2260 code of the region in scope
--   $group_level  'self' (the region itself), 'city', 'county' or 'program' (one row per program of the region)
--   $first_year, $last_year  INTEGER, inclusive
--   $programs, $sources  lists (VARCHAR[]) of programs and sources to include
--   $social_capital_source  the source counted as social capital (governance/core/vocabulary.py, supplied by the
--                 query runner)
-- as_of_month: figures are cumulative to this month of the year (12 = closed year). Population: current register.
WITH scope AS (
    SELECT g.county_code, g.city_code, g.county_name, g.city_name
    FROM region_groups g JOIN region_membership m ON m.county_code = g.county_code AND m.region_code = $region
), f AS (
    SELECT CASE $group_level WHEN 'city' THEN s.city_code WHEN 'program' THEN x.program WHEN 'self' THEN $region
                ELSE s.county_code END AS group_code,
           x.year, max(x.as_of_month) AS as_of_month, sum(x.budget) AS budget, sum(x.disbursed) AS disbursed,
           sum(x.executed) AS executed, coalesce(sum(x.budget) FILTER (x.source = $social_capital_source), 0)
               AS social_capital_budget
    FROM mart_funds_county_year x JOIN scope s USING (county_code)
    WHERE x.year BETWEEN $first_year AND $last_year
      AND list_contains($programs, x.program) AND list_contains($sources, x.source)
    GROUP BY ALL
), pop AS (
    SELECT CASE $group_level WHEN 'city' THEN s.city_code WHEN 'county' THEN s.county_code WHEN 'self' THEN $region
           END AS group_code,
           sum(p.population) AS population, sum(p.residents_60plus) AS residents_60plus
    FROM mart_grid_county p JOIN scope s USING (county_code) GROUP BY ALL
), names AS (
    SELECT DISTINCT CASE $group_level WHEN 'city' THEN city_code ELSE county_code END AS group_code,
           CASE $group_level WHEN 'city' THEN city_name ELSE county_name END AS group_name,
           CASE $group_level WHEN 'city' THEN NULL ELSE city_name END AS city_name
    FROM scope WHERE $group_level <> 'self'
    UNION ALL SELECT code, name, NULL FROM regions WHERE code = $region AND $group_level = 'self'
), j AS (  -- a program row gets the whole region's population (spending per resident of the region)
    SELECT f.*, coalesce(n.group_name, f.group_code) AS group_name, n.city_name,
           coalesce(pop.population, (SELECT sum(population) FROM pop)) AS population,
           coalesce(pop.residents_60plus, (SELECT sum(residents_60plus) FROM pop)) AS residents_60plus
    FROM f LEFT JOIN names n USING (group_code) LEFT JOIN pop USING (group_code)
)
SELECT group_code, group_name, city_name, year, as_of_month, budget, disbursed, executed, social_capital_budget,
       execution_pct(executed, budget) AS execution_pct,
       disbursement_pct(disbursed, budget) AS disbursement_pct,
       social_capital_pct(social_capital_budget, budget) AS social_capital_pct,
       population, residents_60plus,
       yuan_per_head(executed, population) AS executed_yuan_per_resident,
       yuan_per_head(executed, residents_60plus) AS executed_yuan_per_elderly
FROM j
ORDER BY year, execution_pct, group_code;
