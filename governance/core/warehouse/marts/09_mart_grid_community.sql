-- mart_grid_community: grid figures per community (map points when zoomed into a county).
CREATE OR REPLACE TABLE mart_grid_community AS
SELECT c.community_id, c.name, c.kind, c.county_code, c.households, c.population, c.residents_60plus, c.lon, c.lat,
       c.smart_grid_connected, count(gr.grid_id) AS grids,
       coalesce(sum(gr.households) FILTER (gr.grid_type = '综合网格'), 0) AS covered_households,
       coalesce(sum(gr.fulltime_workers + gr.parttime_workers), 0) AS grid_workers,
       count(*) FILTER (gr.party_branch) AS party_branches
FROM communities c LEFT JOIN grids gr ON gr.community_id = c.community_id
GROUP BY ALL ORDER BY c.county_code, c.community_id;
