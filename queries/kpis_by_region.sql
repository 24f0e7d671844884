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
           weighted_mean(sum(response_minutes_x_reported), sum(reported)) AS response_minutes,
           weighted_mean(sum(close_days_x_resolved), sum(resolved)) AS close_days,
           weighted_mean(sum(satisfaction_x_resolved), sum(resolved)) AS event_satisfaction_pct
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
           weighted_mean(sum(satisfaction_x_people), sum(people_served)) AS elderly_satisfaction_pct,
           count(DISTINCT x.month) AS service_months
    FROM mart_elderly_county_month x JOIN scope s USING (county_code)
    WHERE x.month BETWEEN $start_month AND $end_month GROUP BY s.group_code
), waste AS (
    SELECT s.group_code, weighted_mean(sum(participation_x_households), sum(households)) AS waste_participation_pct,
           weighted_mean(sum(accuracy_x_households), sum(households)) AS waste_accuracy_pct,
           sum(tonnes) AS waste_tonnes,
           recyclable_share_pct(sum(recyclable_t), sum(tonnes)) AS recyclable_share_pct
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
       grid_coverage_pct(grid.covered_households, grid.households) AS grid_coverage_pct,
       workers_per_1000_households(grid.fulltime_workers + grid.parttime_workers, grid.households)
           AS workers_per_1000_households,
       grid.fulltime_workers + grid.parttime_workers AS grid_workers,
       party_branch_pct(grid.party_branches, grid.grids) AS party_branch_pct,
       smart_grid_pct(grid.communities_connected, grid.communities) AS smart_grid_pct,
       ev.events_reported, ev.events_resolved,
       closure_pct(ev.events_resolved, ev.events_reported) AS closure_pct,
       on_time_pct(ev.events_on_time, ev.events_resolved) AS on_time_pct,
       ev.response_minutes, ev.close_days, ev.event_satisfaction_pct,
       events_per_grid_day(ev.events_reported, ev.grid_months) AS events_per_grid_day,
       fund.fund_budget, fund.fund_disbursed, fund.fund_executed,
       execution_pct(fund.fund_executed, fund.fund_budget) AS fund_execution_pct,
       execution_pct(fund.fund_executed_latest_year, fund.fund_budget_latest_year) AS fund_execution_latest_year_pct,
       fund.fund_as_of_month,
       social_capital_pct(coalesce(fund.social_capital_budget, 0), fund.fund_budget) AS social_capital_pct,
       yuan_per_head(fund.fund_executed, grid.population) AS executed_yuan_per_resident,
       yuan_per_head(fund.fund_executed, grid.residents_60plus) AS executed_yuan_per_elderly,
       beds_per_1000_elderly(eld.beds, grid.residents_60plus) AS beds_per_1000_elderly,
       nursing_bed_pct(eld.institution_nursing_beds, eld.institution_beds) AS nursing_bed_pct,  -- 养老机构 only (domain.md §4)
       occupancy_pct(eld.occupied_beds, eld.beds) AS occupancy_pct,
       street_centre_pct(eld.streets_with_centre, eld.streets) AS street_centre_pct,
       meal_points_per_community(eld.meal_points, grid.communities) AS meal_points_per_community,
       eld.beds, eld.nursing_beds, eld.meal_points,
       per_month(svc.meals_served, svc.service_months) AS meals_per_month,
       per_month(svc.home_visits, svc.service_months) AS home_visits_per_month,
       svc.elderly_satisfaction_pct,
       waste.waste_participation_pct, waste.waste_accuracy_pct, waste.waste_tonnes, waste.recyclable_share_pct,
       cnl.council_meetings, cnl.council_participants, cnl.council_proposals, cnl.council_adopted,
       adoption_pct(cnl.council_adopted, cnl.council_proposals) AS council_adoption_pct,
       obligation_pct(obl.ppp_obligations, obl.gpb_expenditure) AS obligation_pct,
       obl.max_county_obligation_pct, obl.counties_over_7pct, obl.counties_over_10pct
FROM grid
JOIN regions r ON r.code = grid.group_code
LEFT JOIN ev USING (group_code) LEFT JOIN fund USING (group_code) LEFT JOIN eld USING (group_code)
LEFT JOIN svc USING (group_code) LEFT JOIN waste USING (group_code) LEFT JOIN cnl USING (group_code)
LEFT JOIN obl USING (group_code)
ORDER BY grid.group_code;
