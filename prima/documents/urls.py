from django.urls import path

from prima.documents import public_views

urlpatterns = [
    path("v/", public_views.verify, name="verify"),
    path("v/<str:code>/", public_views.verify_document, name="verify_document"),
]
