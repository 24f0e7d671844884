-- mart_waste_county_month: waste sorting per county and month; rates weighted by households.
CREATE OR REPLACE TABLE mart_waste_county_month AS
SELECT w.county_code, w.month, w.smart_equipment, count(*) AS communities, sum(c.households) AS households,
       sum(w.participation_pct * c.households) AS participation_x_households,
       sum(w.accuracy_pct * c.households) AS accuracy_x_households,
       sum(w.kitchen_t) AS kitchen_t, sum(w.recyclable_t) AS recyclable_t, sum(w.hazardous_t) AS hazardous_t,
       sum(w.other_t) AS other_t,
       -- tonnes: the four streams (domain.md §7), summed here once for every query
       sum(w.kitchen_t) + sum(w.recyclable_t) + sum(w.hazardous_t) + sum(w.other_t) AS tonnes
FROM waste_sorting_monthly w JOIN communities c USING (community_id)
GROUP BY ALL ORDER BY w.county_code, w.month;

-- mart_councils_county_month: resident councils per county and month.
CREATE OR REPLACE TABLE mart_councils_county_month AS
SELECT county_code, month, council_type, count(*) AS councils, sum(meetings) AS meetings,
       sum(participants) AS participants, sum(proposals) AS proposals, sum(adopted) AS adopted
FROM resident_councils GROUP BY ALL ORDER BY county_code, month;
