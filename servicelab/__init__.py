"""servicelab: the models behind the notebooks of *Customer Service: Strategy, Technology
and Management*.

Modules are named for the idea a service manager would look for:

- :mod:`servicelab.data`: load the book's data sets, checked against their schema;
- :mod:`servicelab.plotting`: the house style shared by every figure;
- :mod:`servicelab.capacity`: perishable capacity, idle hours and turned-away demand (Chapter 1);
- :mod:`servicelab.variability`: how much a service varies, and what a standard does (Chapter 1);
- :mod:`servicelab.value`: what a customer is worth, and the ripple of word of mouth (Chapter 1).

Later chapters add their own modules (queues, staffing, complaints, quality, ...).
"""

__version__ = "0.1.0"
