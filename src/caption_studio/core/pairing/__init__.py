"""Which photo goes with which caption: the evidence, the assignment, and writing pairs."""
