"""servicelab: the models behind the notebooks of *Customer Service: Strategy, Technology
and Management*.

Modules are named for the idea a service manager would look for, chapter by chapter of the
course (CONTRIBUTING.md has the same map as a table, kept in step by a test):

- Chapter 1: :mod:`servicelab.capacity` (perishable capacity, idle hours, turned-away demand),
  :mod:`servicelab.variability` (how much a service varies, and what a standard does),
  :mod:`servicelab.value` (what a customer is worth, word of mouth and the ripple);
- Chapter 2: :mod:`servicelab.behaviour` (buying behaviour types, the decision funnel, segments);
- Chapter 3: :mod:`servicelab.commitments` (a service promise kept reliably and its payouts),
  :mod:`servicelab.complaints` (the complaint workflow, service levels, Pareto, the iceberg);
- Chapter 4: :mod:`servicelab.customer_tiers` (customer value, Lorenz and Gini, ABC, RFM, the long
  tail), :mod:`servicelab.modular` (modules and what they cost), :mod:`servicelab.self_service`
  (channel costs, containment, break-even), :mod:`servicelab.routing` (priority routing or
  separate centres per caller tier);
- Chapter 5: :mod:`servicelab.queues` (Erlang B, C and A, M/M/c, Little's law, Kingman),
  :mod:`servicelab.staffing` (agents for a service level, staffing plans, cost curves);
- Chapter 6: :mod:`servicelab.simulate` (queue designs simulated customer by customer),
  :mod:`servicelab.waiting` (perceived waits), :mod:`servicelab.appointments` (overbooking, no-shows);
- Chapter 7: :mod:`servicelab.goals` (SMART checks and goal tracking), :mod:`servicelab.coaching`
  (team and agent KPIs, weak spots), :mod:`servicelab.training` (what training returns),
  :mod:`servicelab.incentives` (an incentive against turnover);
- Chapter 8: :mod:`servicelab.sqi` (the SQI and performance indexes), :mod:`servicelab.standards`
  (the slides' standards, hard and soft standards, first-contact resolution),
  :mod:`servicelab.control_charts` (p-chart, individuals chart, Western Electric rules),
  :mod:`servicelab.monitoring` (the three monitoring channels, visits needed to see a difference),
  :mod:`servicelab.servqual` (SERVQUAL, importance-performance analysis), :mod:`servicelab.recovery`
  (recovery curve, the recovery paradox);
- Chapter 9: :mod:`servicelab.satisfaction` (S = P - E, zone of tolerance), :mod:`servicelab.loyalty`
  (CSAT, NPS, the loyalty curve), :mod:`servicelab.visibility` (the handbook's funnel),
  :mod:`servicelab.kano` (Kano categories and service classes);
- every chapter: :mod:`servicelab.stats` (intervals, differences, false alarms, difference-in-differences),
  :mod:`servicelab.data` (the data sets, schema enforced), :mod:`servicelab.plotting` (the house
  style of every figure), :mod:`servicelab.checks` (the exercise sets' checks, in plain words),
  :mod:`servicelab.synth` (the seeded generators behind every data set).
"""

__version__ = "0.1.0"
