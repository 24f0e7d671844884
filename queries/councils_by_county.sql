-- councils_by_county: per county of a region over a period, resident-council activity (meetings, attendances per
-- 1,000 residents, proposals, adoption rate) next to satisfaction — grid-event satisfaction (weighted by events
-- closed) and elderly-care satisfaction (weighted by people served), same formulas as kpis_by_region; and over the
-- counties with both values, Pearson's r of adoption with each satisfaction (r_event_satisfaction,
-- r_elderly_satisfaction; with n_event_satisfaction / n_elderly_satisfaction counties).
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
WITH scope AS (
    SELECT g.county_code, g.county_name, g.city_code, g.city_name
    FROM region_groups g JOIN region_membership m ON m.county_code = g.county_code AND m.region_code = $region
), cnl AS (
    SELECT county_code, sum(meetings) AS meetings, sum(participants) AS participants, sum(proposals) AS proposals,
           sum(adopted) AS adopted
    FROM mart_councils_county_month WHERE month BETWEEN $start_month AND $end_month GROUP BY county_code
), ev AS (
    SELECT county_code, weighted_mean(sum(satisfaction_x_resolved), sum(resolved)) AS event_satisfaction_pct
    FROM mart_events_county_month WHERE month BETWEEN $start_month AND $end_month GROUP BY county_code
), eld AS (
    SELECT county_code, weighted_mean(sum(satisfaction_x_people), sum(people_served)) AS elderly_satisfaction_pct
    FROM mart_elderly_county_month WHERE month BETWEEN $start_month AND $end_month GROUP BY county_code
), per_county AS (
    SELECT s.county_code, s.county_name, s.city_code, s.city_name, gc.population,
           coalesce(cnl.meetings, 0) AS meetings, coalesce(cnl.participants, 0) AS participants,
           coalesce(cnl.proposals, 0) AS proposals, coalesce(cnl.adopted, 0) AS adopted,
           adoption_pct(cnl.adopted, cnl.proposals) AS adoption_pct,
           per_1000(cnl.participants, gc.population) AS participants_per_1000,
           ev.event_satisfaction_pct, eld.elderly_satisfaction_pct
    FROM scope s
    JOIN mart_grid_county gc ON gc.county_code = s.county_code
    LEFT JOIN cnl ON cnl.county_code = s.county_code
    LEFT JOIN ev ON ev.county_code = s.county_code
    LEFT JOIN eld ON eld.county_code = s.county_code
)
SELECT *,  -- corr() and count() skip the counties where either value is missing
       corr(event_satisfaction_pct, adoption_pct) OVER () AS r_event_satisfaction,
       count(event_satisfaction_pct + adoption_pct) OVER () AS n_event_satisfaction,
       corr(elderly_satisfaction_pct, adoption_pct) OVER () AS r_elderly_satisfaction,
       count(elderly_satisfaction_pct + adoption_pct) OVER () AS n_elderly_satisfaction
FROM per_county
ORDER BY county_code;
