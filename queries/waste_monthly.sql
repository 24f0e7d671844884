-- waste_monthly: waste sorting per month in a region, split by whether the community had smart equipment that
-- month — household-weighted participation / accuracy numerators and tonnage by stream (sum the two rows of a
-- month for the whole region; governance/app/elderly.py waste_trend does it).
-- Parameters: $region (GB/T code), $start_month, $end_month (DATE, inclusive).
SELECT x.month, x.smart_equipment, sum(x.communities) AS communities, sum(x.households) AS households,
       sum(x.participation_x_households) AS participation_x_households,
       sum(x.accuracy_x_households) AS accuracy_x_households,
       sum(x.kitchen_t) AS kitchen_t, sum(x.recyclable_t) AS recyclable_t, sum(x.hazardous_t) AS hazardous_t,
       sum(x.other_t) AS other_t
FROM mart_waste_county_month x
JOIN region_membership m ON m.county_code = x.county_code AND m.region_code = $region
WHERE x.month BETWEEN $start_month AND $end_month
GROUP BY x.month, x.smart_equipment ORDER BY x.month, x.smart_equipment;
