"""REST API v1 (django-ninja), to come: HTTP only.

Endpoints parse input with schemas, read through the apps' selectors, change
through their actions, and record the API token as the actor
(`audit.actors.SystemActor(ActorKind.API_TOKEN, ...)`). No business rule lives
here; import-linter forbids the domain apps to import this package.
"""
