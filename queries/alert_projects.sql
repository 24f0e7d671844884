-- alert_projects: candidates of the project-risk alerts — every project of the region with its risk level (as a rank:
-- 低 1, 中 2, 高 3), status and third-party performance score.
-- Parameters: $region.
SELECT p.county_code, g.county_name, g.city_name, p.project_id, p.name AS project_name, p.name AS subject,
       p.program, p.model, p.status, p.risk_level,
       CASE p.risk_level WHEN '高' THEN 3 WHEN '中' THEN 2 ELSE 1 END AS risk_rank, p.performance_score
FROM projects p
JOIN region_membership m ON m.county_code = p.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = p.county_code
ORDER BY p.county_code, p.project_id;
