-- elderly_operator_models: cost per person served and satisfaction per operator model (公办公营 / 公建民营 / 民办),
-- per facility type and model (grain 'type_model') and per model over all types (grain 'model'), in a region over
-- a period.
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
-- cost_per_person_yuan (元 per person and year) = annual operating cost ÷ people served in a month
--   = 12 × Σ monthly operating cost (万元) ÷ Σ people served × 10,000;
-- satisfaction_pct = Σ satisfaction × people ÷ Σ people served; per-month figures divide by the months of the
-- period that have service data (facilities_per_month, people_per_month; annual_operating_cost = 12 × cost ÷ months).
WITH x AS (
    SELECT x.* FROM mart_elderly_county_month x
    JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
    WHERE x.month BETWEEN $start_month AND $end_month
), period AS (
    SELECT count(DISTINCT month) AS months FROM x
)
SELECT CASE WHEN grouping(x.facility_type) = 1 THEN 'model' ELSE 'type_model' END AS grain,
       x.facility_type, x.operator_model, any_value(period.months) AS months,
       sum(x.facility_months) AS facility_months, sum(x.people_served) AS people_served,
       sum(x.satisfaction_x_people) AS satisfaction_x_people, sum(x.operating_cost) AS operating_cost,
       sum(x.meals_served) AS meals_served, sum(x.home_visits) AS home_visits,
       12 * 10000.0 * sum(x.operating_cost) / nullif(sum(x.people_served), 0) AS cost_per_person_yuan,
       weighted_mean(sum(x.satisfaction_x_people), sum(x.people_served)) AS satisfaction_pct,
       per_month(sum(x.facility_months), any_value(period.months)) AS facilities_per_month,
       per_month(sum(x.people_served), any_value(period.months)) AS people_per_month,
       12 * sum(x.operating_cost) / nullif(any_value(period.months), 0) AS annual_operating_cost
FROM x CROSS JOIN period
GROUP BY GROUPING SETS ((x.facility_type, x.operator_model), (x.operator_model))
ORDER BY grain, x.facility_type, x.operator_model;
