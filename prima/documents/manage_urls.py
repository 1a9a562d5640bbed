from django.urls import path

from prima.documents import views

urlpatterns = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/<str:code>/", views.document_detail, name="document_detail"),
    path("documents/<str:code>/withdraw/", views.document_withdraw, name="document_withdraw"),
]
