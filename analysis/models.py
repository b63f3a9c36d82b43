"""What analysts keep from the scan: observations, their interpretations, and perspectives
that group observations with supporting stories (the 2019 method, chapter 5)."""

from django.conf import settings
from django.db import models


class Observation(models.Model):
    """A neutral statement about a pattern, tied to the pair and the filter set it came from,
    so its numbers can be looked up again as stories come in."""

    text = models.TextField()
    # Variable ids of the pair (analysis.scan.Variable.id), e.g. "gevoel" and "invloed=ouders".
    pair_a = models.CharField(max_length=120)
    pair_b = models.CharField(max_length=120)
    # The story filters and analysis settings as URL parameters (StoryFilter.as_query() +
    # AnalysisParams.as_query()).
    query = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Interpretation(models.Model):
    """One reading of an observation; the method asks for at least two per observation."""

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="interpretations"
    )
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Perspective(models.Model):
    """A cluster of observations told as one view, with stories that show it."""

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    observations = models.ManyToManyField(Observation, related_name="perspectives", blank=True)
    stories = models.ManyToManyField("tracks.Story", related_name="perspectives", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
