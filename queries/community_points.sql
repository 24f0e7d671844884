-- community_points: communities of a region with their grid figures (map points when zoomed into a county).
-- Parameters: $region (GB/T code).
SELECT c.community_id, c.name, c.kind, c.county_code, g.county_name, c.households, c.population,
       c.residents_60plus, c.lon, c.lat, c.smart_grid_connected,
       count(gr.grid_id) AS grids, coalesce(sum(gr.households) FILTER (gr.grid_type = '综合网格'), 0) AS covered_households,
       100.0 * coalesce(sum(gr.households) FILTER (gr.grid_type = '综合网格'), 0) / c.households AS coverage_pct,
       coalesce(sum(gr.fulltime_workers + gr.parttime_workers), 0) AS grid_workers,
       count(*) FILTER (gr.party_branch) AS party_branches
FROM communities c
JOIN region_membership m ON m.county_code = c.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = c.county_code
LEFT JOIN grids gr ON gr.community_id = c.community_id
GROUP BY c.community_id, c.name, c.kind, c.county_code, g.county_name, c.households, c.population,
         c.residents_60plus, c.lon, c.lat, c.smart_grid_connected
ORDER BY c.community_id;
