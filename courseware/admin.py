from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from classroom.access import visible_rows

from .models import Attempt, Course, Figure, Lesson, Module, ModuleProgress, Question, QuestionState, Quiz
from .progress import course_progress


class ModuleInline(admin.TabularInline):
    model = Module
    fields = ("number", "slug", "title", "is_published")
    extra = 0
    show_change_link = True


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "language", "is_published", "updated_at")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ModuleInline]


class LessonInline(admin.StackedInline):
    model = Lesson
    fields = ("body", "figure_names")
    extra = 0


class FigureInline(admin.TabularInline):
    model = Figure
    fields = ("filename", "content_type")
    readonly_fields = ("filename", "content_type")
    extra = 0
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False  # figures come from the course files (sync_course)


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "course", "slug", "is_published")
    list_display_links = ("title",)
    list_filter = ("course", "is_published")
    search_fields = ("title", "slug")
    inlines = [LessonInline, FigureInline]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("module",)
    list_filter = ("module__course",)


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ("position", "slug", "kind", "generator", "points", "is_active")
    extra = 0
    show_change_link = True


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("__str__", "module", "score_policy", "max_attempts", "cooldown_seconds")
    list_filter = ("module__course", "score_policy")
    # Generator code runs in the web process: it comes from the course files only, never from a form.
    readonly_fields = ("generators_code",)
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("slug", "kind", "quiz", "position", "points", "is_active")
    list_filter = ("kind", "is_active", "quiz__module__course", "quiz__module")
    search_fields = ("slug", "prompt")
    fields = (
        "quiz",
        "slug",
        "position",
        "kind",
        "prompt",
        "spec",
        "generator",
        "randomize",
        "points",
        "max_attempts",
        "cooldown_seconds",
        "explanation",
        "is_active",
    )


@admin.register(ModuleProgress)
class ModuleProgressAdmin(admin.ModelAdmin):
    """Per-student progress for instructors: one row per student and module she opened or answered."""

    list_display = ("user", "module", "read_at", "answered", "quiz", "exercises", "updated_at")
    list_filter = ("module__course", "module")
    search_fields = ("user__username",)
    list_select_related = ("user", "module")

    def get_queryset(self, request):
        return visible_rows(request.user, super().get_queryset(request))  # her cohorts' students

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("answered"))
    def answered(self, obj):
        total = Question.objects.filter(quiz__module=obj.module, is_active=True).count()
        return f"{obj.questions_answered}/{total} ({obj.questions_correct} ✓)"

    @admin.display(description=_("quiz score"))
    def quiz(self, obj):
        return f"{obj.quiz_score:g}/{obj.quiz_max_score:g}"

    @admin.display(description=_("exercises solved"))
    def exercises(self, obj):
        status = course_progress(obj.user, [obj.module])[0]
        return f"{status.exercises_solved}/{len(status.exercises)}"


@admin.register(QuestionState)
class QuestionStateAdmin(admin.ModelAdmin):
    list_display = ("user", "question", "attempts_used", "correct", "score", "last_attempt_at")
    list_filter = ("correct", "question__quiz__module")
    search_fields = ("user__username", "question__slug")
    readonly_fields = ("user", "question", "last_attempt_at")

    def get_queryset(self, request):
        return visible_rows(request.user, super().get_queryset(request))  # her cohorts' students


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("user", "question", "number", "correct", "score", "seed", "created_at")
    list_filter = ("correct", "question__quiz__module")
    search_fields = ("user__username", "question__slug")

    def get_queryset(self, request):
        return visible_rows(request.user, super().get_queryset(request))  # her cohorts' students

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
