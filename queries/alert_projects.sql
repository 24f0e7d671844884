-- alert_projects: candidates of the project-risk alerts — every project of the region with its risk level (as a rank:
-- 低 1, 中 2, 高 3), status and third-party performance score.
-- Parameters: $region; $risk_levels (most serious first; governance/core/vocabulary.py, supplied by the query runner).
SELECT p.county_code, g.county_name, g.city_name, p.project_id, p.name AS project_name, p.name AS subject,
       p.program, p.model, p.status, p.risk_level,
       1 + len($risk_levels) - list_position($risk_levels, p.risk_level) AS risk_rank, p.performance_score
FROM projects p
JOIN region_membership m ON m.county_code = p.county_code AND m.region_code = $region
JOIN region_groups g ON g.county_code = p.county_code
ORDER BY p.county_code, p.project_id;
