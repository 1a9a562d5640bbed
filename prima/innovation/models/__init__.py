"""Public-service innovation (docs/guide/innovation.md): the registry of innovations with
their yearly sustainability reports and replications (models.registry), and competitions in
the KIPP manner — windows, groups, categories, rubrics, submissions, checks, reviews,
objections and awards (models.contest). The rules of a competition (groups, age, rubric
weights, windows) are its data, never code: they change every year.
"""

from prima.innovation.models.contest import (
    AdminCheck,
    Award,
    Category,
    Competition,
    Criterion,
    Group,
    Objection,
    Review,
    ReviewScore,
    Submission,
    SubmissionAnswer,
    Window,
)
from prima.innovation.models.registry import (
    Innovation,
    InnovationFile,
    Measure,
    Replication,
    SustainabilityReport,
    TeamMember,
)

__all__ = [
    "AdminCheck",
    "Award",
    "Category",
    "Competition",
    "Criterion",
    "Group",
    "Innovation",
    "InnovationFile",
    "Measure",
    "Objection",
    "Replication",
    "Review",
    "ReviewScore",
    "Submission",
    "SubmissionAnswer",
    "SustainabilityReport",
    "TeamMember",
    "Window",
]
