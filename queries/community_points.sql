-- community_points: communities of a region with their grid figures (map points when zoomed into a county).
-- Parameters: $region (GB/T code).
SELECT c.community_id, c.name, c.kind, c.county_code, g.county_name, c.households, c.population,
       c.residents_60plus, c.lon, c.lat, c.smart_grid_connected, c.grids, c.covered_households,
       grid_coverage_pct(c.covered_households, c.households) AS coverage_pct, c.grid_workers, c.party_branches
FROM mart_grid_community c
JOIN region_membership m ON m.county_code = c.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = c.county_code
ORDER BY c.community_id;
