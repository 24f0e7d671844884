-- mart_grid_county: grid coverage stock per county (communities, households, grids, workers, party branches).
CREATE OR REPLACE TABLE mart_grid_county AS
WITH c AS (
    SELECT county_code, count(*) AS communities, sum(households) AS households, sum(population) AS population,
           sum(residents_60plus) AS residents_60plus, count(*) FILTER (smart_grid_connected) AS communities_connected,
           count(*) FILTER (kind = '社区') AS urban_communities
    FROM communities GROUP BY county_code
), g AS (
    SELECT county_code, count(*) AS grids, count(*) FILTER (grid_type = '综合网格') AS grids_comprehensive,
           count(*) FILTER (grid_type = '专属网格') AS grids_exclusive,
           sum(households) FILTER (grid_type = '综合网格') AS covered_households,
           sum(fulltime_workers) AS fulltime_workers, sum(parttime_workers) AS parttime_workers,
           count(*) FILTER (party_branch) AS party_branches
    FROM grids GROUP BY county_code
), t AS (
    SELECT county_code, count(*) AS townships, count(*) FILTER (kind = '街道') AS streets FROM townships GROUP BY county_code
)
SELECT r.code AS county_code, coalesce(t.townships, 0) AS townships, coalesce(t.streets, 0) AS streets,
       coalesce(c.communities, 0) AS communities, coalesce(c.urban_communities, 0) AS urban_communities,
       coalesce(c.communities_connected, 0) AS communities_connected,
       coalesce(c.households, 0) AS households, coalesce(c.population, 0) AS population,
       coalesce(c.residents_60plus, 0) AS residents_60plus,
       coalesce(g.grids, 0) AS grids, coalesce(g.grids_comprehensive, 0) AS grids_comprehensive,
       coalesce(g.grids_exclusive, 0) AS grids_exclusive, coalesce(g.covered_households, 0) AS covered_households,
       coalesce(g.fulltime_workers, 0) AS fulltime_workers, coalesce(g.parttime_workers, 0) AS parttime_workers,
       coalesce(g.party_branches, 0) AS party_branches
FROM regions r LEFT JOIN c ON c.county_code = r.code LEFT JOIN g ON g.county_code = r.code
LEFT JOIN t ON t.county_code = r.code
WHERE r.level = 'county' ORDER BY r.code;
