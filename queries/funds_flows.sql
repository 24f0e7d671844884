-- funds_flows: where the money comes from and where it goes — the links of the 资金配置 Sankey: source → program and
-- program → receiving group (each city at province level, each county inside a city or a county), summed over the
-- fiscal years the period touches.
-- Parameters:
--   $region       GB/T 2260 code of the region in scope
--   $group_level  'city' (one receiving node per city) or 'county' (one per county)
--   $first_year, $last_year  INTEGER, inclusive (years touched by the period)
--   $programs     list of programs to include (VARCHAR[]); $sources  list of sources to include (VARCHAR[])
-- Columns: stage ('source_program' | 'program_group'), from_key, to_key, to_name, budget, disbursed, executed.
WITH x AS (
    SELECT f.source, f.program,
           CASE $group_level WHEN 'city' THEN g.city_code ELSE g.county_code END AS group_code,
           CASE $group_level WHEN 'city' THEN g.city_name ELSE g.county_name END AS group_name,
           f.budget, f.disbursed, f.executed
    FROM mart_funds_county_year f
    JOIN region_membership m ON m.county_code = f.county_code AND m.region_code = $region
    JOIN region_groups g ON g.county_code = f.county_code
    WHERE f.year BETWEEN $first_year AND $last_year
      AND list_contains($programs, f.program) AND list_contains($sources, f.source)
)
SELECT 'source_program' AS stage, source AS from_key, program AS to_key, program AS to_name,
       sum(budget) AS budget, sum(disbursed) AS disbursed, sum(executed) AS executed
FROM x GROUP BY ALL
UNION ALL
SELECT 'program_group', program, group_code, group_name, sum(budget), sum(disbursed), sum(executed)
FROM x GROUP BY ALL
ORDER BY stage DESC, from_key, budget DESC;
