"""servicelab: the models behind the notebooks of *Customer Service: Strategy, Technology
and Management*.

Modules are named for the idea a service manager would look for:

- :mod:`servicelab.data`: load the book's data sets, checked against their schema;
- :mod:`servicelab.plotting`: the house style shared by every figure;
- :mod:`servicelab.capacity`: perishable capacity, idle hours and turned-away demand (Chapter 1);
- :mod:`servicelab.variability`: how much a service varies, and what a standard does (Chapter 1);
- :mod:`servicelab.value`: what a customer is worth, and the ripple of word of mouth (Chapter 1);
- :mod:`servicelab.behaviour`: buying behaviour types, the decision funnel, segments (Chapter 2);
- :mod:`servicelab.complaints`: the complaint workflow, service levels, Pareto, the iceberg (Chapter 3);
- :mod:`servicelab.customers`: customer value, Lorenz and Gini, tiers, RFM, modules, self-service (Chapter 4);
- :mod:`servicelab.queues`: Erlang B, C and A, M/M/c measures, Little's law (Chapters 5 and 6);
- :mod:`servicelab.staffing`: agents for a service level, staffing plans, cost curves (Chapter 5);
- :mod:`servicelab.simulate`: a seeded simulation of a multi-server counter (Chapter 6);
- :mod:`servicelab.waiting`: perceived waits, appointments and no-shows (Chapter 6);
- :mod:`servicelab.goals`: SMART goal checks and KPI tracking (Chapter 7);
- :mod:`servicelab.quality`: quality indicators, standards, control charts, SERVQUAL, IPA, recovery (Chapter 8);
- :mod:`servicelab.satisfaction`: S = P - E, zone of tolerance, CSAT, NPS, the visibility funnel, Kano (Chapter 9);
- :mod:`servicelab.synth`: the seeded generators behind every data set.
"""

__version__ = "0.1.0"
