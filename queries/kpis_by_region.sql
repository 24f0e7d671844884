-- kpis_by_region: every headline KPI for a region, or for each of its cities / counties, over a period.
-- Answers: "how is <region> doing from <start> to <end>?" (KPI cards, choropleths, best/worst rankings).
-- Parameters:
--   $region       GB/T 2260 code of the region in scope ('320000' province, a city or a county)
--   $group_level  'self' (one row for the region), 'city' (one row per city) or 'county' (one row per county)
--   $start_month  first month of the period (DATE, first of month); $end_month last month (inclusive)
--   $social_capital_source  the source counted as social capital (governance/core/vocabulary.py, supplied by the
--                 query runner)
--   $risk_notice_share, $no_new_ppp_share  the 7 % and 10 % red lines (governance/core/thresholds.py RED_LINES,
--                 supplied by the query runner)
-- Flow KPIs (events, services, waste, councils) cover the period; funds cover the fiscal years it touches;
-- stock KPIs (grids, beds) are the current register; the red-line share is for the year of $end_month.
WITH scope AS (
    SELECT g.county_code,
           CASE $group_level WHEN 'county' THEN g.county_code WHEN 'city' THEN g.city_code ELSE $region END AS group_code
    FROM region_groups g JOIN region_membership m ON m.county_code = g.county_code AND m.region_code = $region
), grid AS (
    SELECT s.group_code, sum(communities) AS communities, sum(households) AS households, sum(population) AS population,
           sum(residents_60plus) AS residents_60plus, sum(grids) AS grids, sum(covered_households) AS covered_households,
           sum(fulltime_workers) AS fulltime_workers, sum(parttime_workers) AS parttime_workers,
           sum(party_branches) AS party_branches, sum(communities_connected) AS communities_connected
    FROM mart_grid_county x JOIN scope s USING (county_code) GROUP BY s.group_code
), ev AS (
    SELECT s.group_code, sum(reported) AS events_reported, sum(resolved) AS events_resolved,
           sum(resolved_on_time) AS events_on_time, sum(grid_months) AS grid_months,
           sum(response_minutes_x_reported) / nullif(sum(reported), 0) AS response_minutes,
           sum(close_days_x_resolved) / nullif(sum(resolved), 0) AS close_days,
           sum(satisfaction_x_resolved) / nullif(sum(resolved), 0) AS event_satisfaction_pct
    FROM mart_events_county_month x JOIN scope s USING (county_code)
    WHERE x.month BETWEEN $start_month AND $end_month GROUP BY s.group_code
), fund AS (
    SELECT s.group_code, sum(budget) AS fund_budget, sum(disbursed) AS fund_disbursed, sum(executed) AS fund_executed,
           sum(budget) FILTER (source = $social_capital_source) AS social_capital_budget,
           sum(executed) FILTER (year = year($end_month)) AS fund_executed_latest_year,
           sum(budget) FILTER (year = year($end_month)) AS fund_budget_latest_year,
           max(as_of_month) FILTER (year = year($end_month)) AS fund_as_of_month
    FROM mart_funds_county_year x JOIN scope s USING (county_code)
    WHERE x.year BETWEEN year($start_month) AND year($end_month) GROUP BY s.group_code
), eld AS (
    SELECT s.group_code, sum(beds) AS beds, sum(nursing_beds) AS nursing_beds, sum(occupied_beds) AS occupied_beds,
           sum(streets) AS streets, sum(streets_with_centre) AS streets_with_centre, sum(meal_points) AS meal_points,
           sum(institutions) AS institutions, sum(community_stations) AS community_stations,
           sum(institution_beds) AS institution_beds, sum(institution_nursing_beds) AS institution_nursing_beds
    FROM mart_elderly_county x JOIN scope s USING (county_code) GROUP BY s.group_code
), svc AS (
    SELECT s.group_code, sum(meals_served) AS meals_served, sum(home_visits) AS home_visits,
           sum(satisfaction_x_people) / nullif(sum(people_served), 0) AS elderly_satisfaction_pct,
           count(DISTINCT x.month) AS service_months
    FROM mart_elderly_county_month x JOIN scope s USING (county_code)
    WHERE x.month BETWEEN $start_month AND $end_month GROUP BY s.group_code
), waste AS (
    SELECT s.group_code, sum(participation_x_households) / nullif(sum(households), 0) AS waste_participation_pct,
           sum(accuracy_x_households) / nullif(sum(households), 0) AS waste_accuracy_pct,
           sum(kitchen_t + recyclable_t + hazardous_t + other_t) AS waste_tonnes,
           sum(recyclable_t) / nullif(sum(kitchen_t + recyclable_t + hazardous_t + other_t), 0) * 100 AS recyclable_share_pct
    FROM mart_waste_county_month x JOIN scope s USING (county_code)
    WHERE x.month BETWEEN $start_month AND $end_month GROUP BY s.group_code
), cnl AS (
    SELECT s.group_code, sum(meetings) AS council_meetings, sum(participants) AS council_participants,
           sum(proposals) AS council_proposals, sum(adopted) AS council_adopted
    FROM mart_councils_county_month x JOIN scope s USING (county_code)
    WHERE x.month BETWEEN $start_month AND $end_month GROUP BY s.group_code
), obl AS (
    SELECT s.group_code, sum(ppp_obligations) AS ppp_obligations, sum(gpb_expenditure) AS gpb_expenditure,
           max(obligation_share) * 100 AS max_county_obligation_pct,
           count(*) FILTER (obligation_share > $risk_notice_share) AS counties_over_7pct,
           count(*) FILTER (obligation_share > $no_new_ppp_share) AS counties_over_10pct
    FROM mart_obligations_county_year x JOIN scope s USING (county_code)
    WHERE x.year = year($end_month) GROUP BY s.group_code
)
SELECT grid.group_code, r.name AS group_name, r.name_en AS group_name_en, r.level AS group_level_name,
       grid.population, grid.households, grid.residents_60plus, grid.communities, grid.grids,
       100.0 * grid.covered_households / nullif(grid.households, 0) AS grid_coverage_pct,
       1000.0 * (grid.fulltime_workers + grid.parttime_workers) / nullif(grid.households, 0) AS workers_per_1000_households,
       grid.fulltime_workers + grid.parttime_workers AS grid_workers,
       100.0 * grid.party_branches / nullif(grid.grids, 0) AS party_branch_pct,
       100.0 * grid.communities_connected / nullif(grid.communities, 0) AS smart_grid_pct,
       ev.events_reported, ev.events_resolved,
       100.0 * ev.events_resolved / nullif(ev.events_reported, 0) AS closure_pct,
       100.0 * ev.events_on_time / nullif(ev.events_resolved, 0) AS on_time_pct,
       ev.response_minutes, ev.close_days, ev.event_satisfaction_pct,
       ev.events_reported / nullif(ev.grid_months * 30.4, 0) AS events_per_grid_day,
       fund.fund_budget, fund.fund_disbursed, fund.fund_executed,
       100.0 * fund.fund_executed / nullif(fund.fund_budget, 0) AS fund_execution_pct,
       100.0 * fund.fund_executed_latest_year / nullif(fund.fund_budget_latest_year, 0) AS fund_execution_latest_year_pct,
       fund.fund_as_of_month,
       100.0 * coalesce(fund.social_capital_budget, 0) / nullif(fund.fund_budget, 0) AS social_capital_pct,
       fund.fund_executed * 10000.0 / nullif(grid.population, 0) AS executed_yuan_per_resident,
       fund.fund_executed * 10000.0 / nullif(grid.residents_60plus, 0) AS executed_yuan_per_elderly,
       1000.0 * eld.beds / nullif(grid.residents_60plus, 0) AS beds_per_1000_elderly,
       100.0 * eld.institution_nursing_beds / nullif(eld.institution_beds, 0) AS nursing_bed_pct,  -- 养老机构 only (domain.md §4)
       100.0 * eld.occupied_beds / nullif(eld.beds, 0) AS occupancy_pct,
       100.0 * eld.streets_with_centre / nullif(eld.streets, 0) AS street_centre_pct,
       eld.meal_points * 1.0 / nullif(grid.communities, 0) AS meal_points_per_community,
       eld.beds, eld.nursing_beds, eld.meal_points,
       svc.meals_served / nullif(svc.service_months, 0) AS meals_per_month,
       svc.home_visits / nullif(svc.service_months, 0) AS home_visits_per_month,
       svc.elderly_satisfaction_pct,
       waste.waste_participation_pct, waste.waste_accuracy_pct, waste.waste_tonnes, waste.recyclable_share_pct,
       cnl.council_meetings, cnl.council_participants, cnl.council_proposals, cnl.council_adopted,
       100.0 * cnl.council_adopted / nullif(cnl.council_proposals, 0) AS council_adoption_pct,
       100.0 * obl.ppp_obligations / nullif(obl.gpb_expenditure, 0) AS obligation_pct,
       obl.max_county_obligation_pct, obl.counties_over_7pct, obl.counties_over_10pct
FROM grid
JOIN regions r ON r.code = grid.group_code
LEFT JOIN ev USING (group_code) LEFT JOIN fund USING (group_code) LEFT JOIN eld USING (group_code)
LEFT JOIN svc USING (group_code) LEFT JOIN waste USING (group_code) LEFT JOIN cnl USING (group_code)
LEFT JOIN obl USING (group_code)
ORDER BY grid.group_code;
