/* Optional compiled twins of the hottest Python code:
 *
 *   run(...)          == flopscope._dispatch._run_python  (the one dispatch path)
 *   to_counted(x)     == flopscope._array._to_counted_python
 *   getitem           == CountedArray.__getitem__ (the Python one, in _ops._free)
 *   view_attribute    == CountedArray.T / .mT / .real / .imag (Python properties)
 *   Ledger            == the fields of BudgetContext that run() reads and writes
 *
 * They do the same steps in the same order, so a budget's log and totals are
 * identical either way (the tests run both). Only the interpreter overhead goes: a
 * counted call on a small array spends most of its time there. Every rare path (no
 * context yet, a multiplier or time limit, a refusal, a result that is not an
 * ndarray, a new signature, an unusual index) calls back into the Python code.
 * If this file cannot be compiled, flopscope uses the Python code.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#define NPY_NO_DEPRECATED_API NPY_2_0_API_VERSION
#include <numpy/arrayobject.h>

#ifdef Py_GIL_DISABLED
#error "free-threaded builds use the pure-Python dispatch"
#endif

/* configured once by flopscope._array (arrays) and flopscope._dispatch (run) */
static PyTypeObject *counted_type;  /* CountedArray */
static Py_ssize_t p_offset = -1;    /* offset of CountedArray's _p slot */
static PyObject *to_counted_other;  /* Python: results that are not ndarrays/scalars */
static PyObject *setflags;          /* numpy.ndarray.setflags */
static PyObject *getitem_python;    /* the Python __getitem__, for unusual keys */
static PyObject *thread_state;      /* _budget.state, a threading.local */
static PyObject *defaults;          /* _session._defaults: flavor -> default budget */
static PyObject *default_budget;    /* _session.default_budget(flavor, t0) */

static PyObject *s_where, *s_guard, *s_refuse, *s_intern;

#if PY_VERSION_HEX >= 0x030B0000
#define PACK8 PyFloat_Pack8
#else
#define PACK8(x, p, le) _PyFloat_Pack8((x), (unsigned char *)(p), (le))
#endif

#define ROW_SIZE 44 /* struct "<Iqdddd": sid, cumulative, t0, t1, t2, t3 */

static double
now(void)
{
#if PY_VERSION_HEX >= 0x030D0000
    PyTime_t t;
    (void)PyTime_PerfCounterRaw(&t);
    return PyTime_AsSecondsDouble(t);
#else
    return _PyTime_AsSecondsDouble(_PyTime_GetPerfCounter());
#endif
}

/* ---------------------------------------------------------------- arrays */

/* the flags NumPy documents; any other bit is private state that only setflags knows */
#define PLAIN_FLAGS                                                                   \
    (NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_F_CONTIGUOUS | NPY_ARRAY_OWNDATA |            \
     NPY_ARRAY_ALIGNED | NPY_ARRAY_WRITEABLE | NPY_ARRAY_WRITEBACKIFCOPY)

/* a read-only CountedArray viewing the plain ndarray `arr` (a new reference) */
static PyObject *
counted_view(PyObject *arr)
{
    PyObject *view = PyArray_View((PyArrayObject *)arr, NULL, counted_type);
    if (view == NULL)
        return NULL;
    PyObject **slot = (PyObject **)((char *)view + p_offset);
    Py_INCREF(arr);
    Py_XSETREF(*slot, arr);
    PyArray_CLEARFLAGS((PyArrayObject *)view, NPY_ARRAY_WRITEABLE);
    if (PyArray_FLAGS((PyArrayObject *)view) & ~PLAIN_FLAGS) {
        /* e.g. broadcast_arrays' private warn-on-write flag: NumPy's setflags clears it */
        PyObject *call_args[2] = {view, Py_False};
        PyObject *done = PyObject_Vectorcall(setflags, call_args, 2, NULL);
        if (done == NULL) {
            Py_DECREF(view);
            return NULL;
        }
        Py_DECREF(done);
    }
    return view;
}

static int
not_ready(void)
{
    PyErr_SetString(PyExc_RuntimeError, "flopscope._speedups is used before it is configured");
    return 1;
}

static PyObject *
to_counted(PyObject *self, PyObject *result)
{
    if (counted_type == NULL && not_ready())
        return NULL;
    if (Py_IS_TYPE(result, &PyArray_Type))
        return counted_view(result);
    if (PyArray_IsScalar(result, Generic)) { /* a reduction's scalar: a 0-d array */
        PyObject *arr = PyArray_FromScalar(result, NULL);
        if (arr == NULL)
            return NULL;
        PyObject *view = counted_view(arr);
        Py_DECREF(arr);
        return view;
    }
    return PyObject_CallOneArg(to_counted_other, result);
}

/* a copy of the element `index` of the 1-d plain array `arr` as a 0-d plain array, or
 * NULL without an error when the fast path does not apply (NumPy then indexes) */
static PyObject *
element(PyArrayObject *arr, PyObject *index)
{
    PyArray_Descr *descr = PyArray_DESCR(arr);
    if (PyArray_NDIM(arr) != 1 || !PyArray_ISNOTSWAPPED(arr) ||
        !(descr->type_num <= NPY_CLONGDOUBLE || descr->type_num == NPY_HALF))
        return NULL; /* only plain numbers: their bytes are the value */
    /* clipped when huge: then out of range, and NumPy raises its own IndexError */
    Py_ssize_t i = PyNumber_AsSsize_t(index, NULL), n = PyArray_DIM(arr, 0);
    if (i == -1 && PyErr_Occurred())
        return NULL;
    if (i < 0)
        i += n;
    if (i < 0 || i >= n)
        return NULL;
    Py_INCREF(descr);
    PyObject *out = PyArray_NewFromDescr(&PyArray_Type, descr, 0, NULL, NULL, NULL, 0, NULL);
    if (out == NULL)
        return NULL;
    memcpy(PyArray_DATA((PyArrayObject *)out),
           PyArray_BYTES(arr) + i * PyArray_STRIDE(arr, 0), PyArray_ITEMSIZE(arr));
    return out;
}

/* an integer: Python's (not bool, which NumPy reads as a mask) or a NumPy integer */
static int
is_integer(PyObject *key)
{
    return PyLong_CheckExact(key) || PyArray_IsScalar(key, Integer);
}

/* one part of an index NumPy can take as it is */
static int
plain_part(PyObject *part)
{
    PyTypeObject *t = Py_TYPE(part);
    return t == &PySlice_Type || t == &PyArray_Type || part == Py_None || part == Py_Ellipsis ||
           is_integer(part);
}

/* an index with no counted arrays or sequences inside */
static int
plain_index(PyObject *key)
{
    if (plain_part(key))
        return 1;
    if (!PyTuple_CheckExact(key))
        return 0;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(key); k++)
        if (!plain_part(PyTuple_GET_ITEM(key, k)))
            return 0;
    return 1;
}

/* CountedArray.__getitem__: x[i], x[1:3], x[i, j] ... as read-only counted arrays
 * (a scalar element as a 0-d counted array); anything unusual goes to Python */
static PyObject *
getitem(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 1) {
        PyErr_SetString(PyExc_TypeError, "__getitem__ takes exactly one argument");
        return NULL;
    }
    PyObject *key = args[0];
    PyObject *data = Py_IS_TYPE(self, counted_type) ? *(PyObject **)((char *)self + p_offset)
                                                    : NULL;
    if (data == NULL || !Py_IS_TYPE(data, &PyArray_Type) || !plain_index(key)) {
        if (getitem_python == NULL && not_ready())
            return NULL;
        PyObject *call_args[2] = {self, key};
        return PyObject_Vectorcall(getitem_python, call_args, 2, NULL);
    }
    if (is_integer(key)) {
        PyObject *item = element((PyArrayObject *)data, key);
        if (item != NULL) {
            PyObject *view = counted_view(item);
            Py_DECREF(item);
            return view;
        }
        if (PyErr_Occurred())
            return NULL;
    }
    PyObject *result = PyObject_GetItem(data, key);
    if (result == NULL)
        return NULL;
    PyObject *counted = to_counted(NULL, result);
    Py_DECREF(result);
    return counted;
}

static PyMethodDef getitem_def = {
    "__getitem__", (PyCFunction)(void (*)(void))getitem, METH_FASTCALL,
    "Counted by flopscope: free (not logged). Return self[key] as a read-only counted array.",
};

/* A CountedArray property that is a view of its data (x.T, x.mT, x.real, x.imag):
 * NumPy's own attribute of the plain array, wrapped; other instances, assignment and
 * deletion go to the Python property it replaces. */
typedef struct {
    PyObject_HEAD
    PyObject *numpy_attr; /* e.g. numpy.ndarray.T, a getset descriptor */
    PyObject *fallback;   /* the Python property */
    PyObject *doc;
} ViewAttribute;

static PyMemberDef view_attribute_members[] = {
    {"__doc__", T_OBJECT, offsetof(ViewAttribute, doc), READONLY, NULL},
    {NULL},
};

static PyObject *
view_attribute_get(ViewAttribute *self, PyObject *obj, PyObject *type)
{
    if (obj == NULL || obj == Py_None)
        return Py_NewRef((PyObject *)self);
    PyObject *data = Py_IS_TYPE(obj, counted_type) ? *(PyObject **)((char *)obj + p_offset)
                                                   : NULL;
    if (data == NULL || !Py_IS_TYPE(data, &PyArray_Type))
        return Py_TYPE(self->fallback)->tp_descr_get(self->fallback, obj, type);
    PyObject *result =
        Py_TYPE(self->numpy_attr)->tp_descr_get(self->numpy_attr, data, (PyObject *)&PyArray_Type);
    if (result == NULL)
        return NULL;
    PyObject *counted = to_counted(NULL, result);
    Py_DECREF(result);
    return counted;
}

static int
view_attribute_set(ViewAttribute *self, PyObject *obj, PyObject *value)
{
    return Py_TYPE(self->fallback)->tp_descr_set(self->fallback, obj, value);
}

static int
view_attribute_traverse(ViewAttribute *self, visitproc visit, void *arg)
{
    Py_VISIT(self->numpy_attr);
    Py_VISIT(self->fallback);
    Py_VISIT(self->doc);
    return 0;
}

static int
view_attribute_clear(ViewAttribute *self)
{
    Py_CLEAR(self->numpy_attr);
    Py_CLEAR(self->fallback);
    Py_CLEAR(self->doc);
    return 0;
}

static void
view_attribute_dealloc(ViewAttribute *self)
{
    PyObject_GC_UnTrack(self);
    view_attribute_clear(self);
    PyObject_GC_Del(self);
}

static PyTypeObject ViewAttributeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "flopscope._speedups.ViewAttribute",
    .tp_basicsize = sizeof(ViewAttribute),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_dealloc = (destructor)view_attribute_dealloc,
    .tp_traverse = (traverseproc)view_attribute_traverse,
    .tp_clear = (inquiry)view_attribute_clear,
    .tp_members = view_attribute_members,
    .tp_descr_get = (descrgetfunc)view_attribute_get,
    .tp_descr_set = (descrsetfunc)view_attribute_set,
};

static PyObject *
view_attribute(PyObject *mod, PyObject *args)
{
    PyObject *numpy_attr, *fallback;
    if (!PyArg_ParseTuple(args, "OO!:view_attribute", &numpy_attr, &PyProperty_Type, &fallback))
        return NULL;
    if (Py_TYPE(numpy_attr)->tp_descr_get == NULL) {
        PyErr_SetString(PyExc_TypeError, "view_attribute: not a descriptor");
        return NULL;
    }
    ViewAttribute *self = PyObject_GC_New(ViewAttribute, &ViewAttributeType);
    if (self == NULL)
        return NULL;
    self->numpy_attr = Py_NewRef(numpy_attr);
    self->fallback = Py_NewRef(fallback);
    self->doc = PyObject_GetAttrString(fallback, "__doc__");
    if (self->doc == NULL)
        PyErr_Clear();
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

static PyObject *
init_arrays(PyObject *self, PyObject *args)
{
    PyObject *type, *slot, *other;
    if (!PyArg_ParseTuple(args, "O!O!O:init_arrays", &PyType_Type, &type,
                          &PyMemberDescr_Type, &slot, &other))
        return NULL;
    PyMemberDef *member = ((PyMemberDescrObject *)slot)->d_member;
    if (member->type != T_OBJECT_EX) {
        PyErr_SetString(PyExc_TypeError, "init_arrays: _p must be a __slots__ member");
        return NULL;
    }
    Py_INCREF(type);
    Py_XSETREF(counted_type, (PyTypeObject *)type);
    p_offset = member->offset;
    Py_INCREF(other);
    Py_XSETREF(to_counted_other, other);
    PyObject *method = PyObject_GetAttrString((PyObject *)&PyArray_Type, "setflags");
    if (method == NULL)
        return NULL;
    Py_XSETREF(setflags, method);
    Py_RETURN_NONE;
}

/* CountedArray.__getitem__, falling back to `python_getitem` for unusual keys: a
 * method descriptor, like a C type's own methods, so x[i] binds no method object */
static PyObject *
getitem_method(PyObject *self, PyObject *python_getitem)
{
    if (counted_type == NULL && not_ready())
        return NULL;
    Py_XSETREF(getitem_python, Py_NewRef(python_getitem));
    return PyDescr_NewMethod(counted_type, &getitem_def);
}

/* ---------------------------------------------------------------- ledger */

/* The hot fields of a budget, as C members: BudgetContext subclasses this type, so
 * Python reads and writes `self._used` etc. as usual and run() reads them directly. */
typedef struct {
    PyObject_HEAD
    long long flop_budget;
    long long used;
    char guarded;
    PyObject *sig_ids; /* dict: signature key -> signature id */
    PyObject *rows;    /* bytearray of packed rows */
} Ledger;

static PyMemberDef ledger_members[] = {
    {"_flop_budget", T_LONGLONG, offsetof(Ledger, flop_budget), 0, NULL},
    {"_used", T_LONGLONG, offsetof(Ledger, used), 0, NULL},
    {"_guarded", T_BOOL, offsetof(Ledger, guarded), 0, NULL},
    {"_sig_ids", T_OBJECT_EX, offsetof(Ledger, sig_ids), 0, NULL},
    {"_rows", T_OBJECT_EX, offsetof(Ledger, rows), 0, NULL},
    {NULL},
};

static int
ledger_traverse(Ledger *self, visitproc visit, void *arg)
{
    Py_VISIT(self->sig_ids);
    Py_VISIT(self->rows);
    return 0;
}

static int
ledger_clear(Ledger *self)
{
    Py_CLEAR(self->sig_ids);
    Py_CLEAR(self->rows);
    return 0;
}

static void
ledger_dealloc(Ledger *self)
{
    PyObject_GC_UnTrack(self);
    ledger_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject LedgerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "flopscope._speedups.Ledger",
    .tp_doc = "The fields of a budget that every counted call reads and writes.",
    .tp_basicsize = sizeof(Ledger),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_dealloc = (destructor)ledger_dealloc,
    .tp_traverse = (traverseproc)ledger_traverse,
    .tp_clear = (inquiry)ledger_clear,
    .tp_members = ledger_members,
};

/* ------------------------------------------------------------------- run */

static void
put_le(char *p, unsigned long long v, int size)
{
    for (int i = 0; i < size; i++)
        p[i] = (char)((v >> (8 * i)) & 0xff);
}

/* raise what budget._refuse(op_name, cost) returns */
static void
refuse(PyObject *budget, PyObject *op_name, PyObject *cost)
{
    PyObject *call_args[3] = {budget, op_name, cost};
    PyObject *exc = PyObject_VectorcallMethod(
        s_refuse, call_args, 3 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    if (exc != NULL) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
}

/* The Python run() holds the budget's lock while it checks, charges and appends a
 * row. Here that section runs no Python code and does not release the GIL, so no
 * other thread can interleave with it; readers (summaries, op_log) copy the rows
 * first and take the totals from them. */
static PyObject *
run(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 9 && nargs != 10) {
        PyErr_SetString(PyExc_TypeError, "run() takes 9 or 10 positional arguments");
        return NULL;
    }
    PyObject *flavor = args[0], *op_name = args[1], *shapes = args[3], *fn = args[4],
             *fargs = args[5], *kwargs = args[6], *t0 = args[7], *wrap = args[8];
    PyObject *subscripts = nargs == 10 ? args[9] : Py_None;
    PyObject *cost = args[2];
    if (thread_state == NULL && not_ready())
        return NULL;
    if (!PyTuple_CheckExact(fargs) || !(kwargs == Py_None || PyDict_Check(kwargs))) {
        PyErr_SetString(PyExc_TypeError, "run(): args must be a tuple and kwargs a dict or None");
        return NULL;
    }
    PyObject *where, *budget = NULL, *ns = NULL, *result = NULL, *key = NULL, *sid = NULL;
    PyObject *ret = NULL;
    Py_INCREF(cost);

    where = PyObject_GetAttr(thread_state, s_where);
    if (where == NULL)
        goto done;
    if (!PyTuple_CheckExact(where) || PyTuple_GET_SIZE(where) != 2) {
        PyErr_SetString(PyExc_TypeError, "flopscope: corrupt thread state");
        Py_DECREF(where);
        goto done;
    }
    budget = Py_NewRef(PyTuple_GET_ITEM(where, 0));
    ns = Py_NewRef(PyTuple_GET_ITEM(where, 1));
    Py_DECREF(where);
    if (budget == Py_None) {
        Py_DECREF(budget);
        budget = PyDict_GetItemWithError(defaults, flavor); /* borrowed */
        if (budget != NULL)
            Py_INCREF(budget);
        else if (PyErr_Occurred())
            goto done;
        else {
            PyObject *call_args[2] = {flavor, t0};
            budget = PyObject_Vectorcall(default_budget, call_args, 2, NULL);
            if (budget == NULL)
                goto done;
        }
    }
    if (!PyObject_TypeCheck(budget, &LedgerType)) {
        PyErr_SetString(PyExc_TypeError, "flopscope: the active budget is not a BudgetContext");
        goto done;
    }
    Ledger *ledger = (Ledger *)budget;

    if (ledger->guarded) { /* a multiplier or a wall-time limit: the Python guard */
        PyObject *call_args[4] = {budget, op_name, cost, t0};
        PyObject *scaled = PyObject_VectorcallMethod(
            s_guard, call_args, 4 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
        if (scaled == NULL)
            goto done;
        Py_SETREF(cost, scaled);
    }
    int overflow;
    long long charge = PyLong_AsLongLongAndOverflow(cost, &overflow);
    if (charge == -1 && PyErr_Occurred())
        goto done;
    if (overflow || charge > ledger->flop_budget - ledger->used) {
        refuse(budget, op_name, cost);
        goto done;
    }

    double t1 = now();
    if (kwargs != Py_None && PyDict_GET_SIZE(kwargs) > 0)
        result = PyObject_Call(fn, fargs, kwargs);
    else
        result = PyObject_Vectorcall(fn, &PyTuple_GET_ITEM(fargs, 0),
                                     PyTuple_GET_SIZE(fargs), NULL);
    double t2 = now();
    if (result == NULL)
        goto done;
    int do_wrap = PyObject_IsTrue(wrap);
    if (do_wrap < 0)
        goto done;
    if (do_wrap) {
        PyObject *counted = to_counted(NULL, result);
        if (counted == NULL)
            goto done;
        Py_SETREF(result, counted);
    }

    key = PyTuple_Pack(5, op_name, ns, subscripts, shapes, cost);
    if (key == NULL)
        goto done;
    if (ledger->sig_ids == NULL || ledger->rows == NULL ||
        !PyByteArray_CheckExact(ledger->rows)) {
        PyErr_SetString(PyExc_TypeError, "flopscope: a budget's log is not initialised");
        goto done;
    }
    sid = PyDict_GetItemWithError(ledger->sig_ids, key); /* borrowed */
    if (sid != NULL)
        Py_INCREF(sid);
    else if (PyErr_Occurred())
        goto done;
    else { /* a new signature: Python interns it (under the budget's lock) */
        PyObject *call_args[2] = {budget, key};
        sid = PyObject_VectorcallMethod(
            s_intern, call_args, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
        if (sid == NULL)
            goto done;
    }
    long sid_value = PyLong_AsLong(sid);
    if (sid_value == -1 && PyErr_Occurred())
        goto done;
    double t0_value = PyFloat_AsDouble(t0);
    if (t0_value == -1.0 && PyErr_Occurred())
        goto done;

    /* the critical section: no Python code from here to the row */
    if (charge > ledger->flop_budget - ledger->used) { /* another thread spent it */
        refuse(budget, op_name, cost);
        goto done;
    }
    PyObject *rows = ledger->rows;
    Py_ssize_t size = PyByteArray_GET_SIZE(rows);
    if (PyByteArray_Resize(rows, size + ROW_SIZE) < 0)
        goto done;
    ledger->used += charge;
    char *p = PyByteArray_AS_STRING(rows) + size;
    put_le(p, (unsigned long long)sid_value, 4);
    put_le(p + 4, (unsigned long long)ledger->used, 8);
    double times[4] = {t0_value, t1, t2, now()};
    for (int i = 0; i < 4; i++)
        (void)PACK8(times[i], p + 12 + 8 * i, 1); /* cannot fail for a double */
    ret = result;
    result = NULL;
done:
    Py_XDECREF(result);
    Py_XDECREF(ns);
    Py_XDECREF(budget);
    Py_XDECREF(key);
    Py_XDECREF(sid);
    Py_DECREF(cost);
    return ret;
}

static PyObject *
init_run(PyObject *self, PyObject *args)
{
    PyObject *state, *dflt, *dflt_fn;
    if (!PyArg_ParseTuple(args, "OO!O:init_run", &state, &PyDict_Type, &dflt, &dflt_fn))
        return NULL;
    Py_XSETREF(thread_state, Py_NewRef(state));
    Py_XSETREF(defaults, Py_NewRef(dflt));
    Py_XSETREF(default_budget, Py_NewRef(dflt_fn));
    Py_RETURN_NONE;
}

/* ---------------------------------------------------------------- module */

static PyMethodDef methods[] = {
    {"run", (PyCFunction)(void (*)(void))run, METH_FASTCALL,
     "run(flavor, op_name, cost, shapes, fn, args, kwargs, t0, wrap, subscripts=None)"},
    {"to_counted", to_counted, METH_O, "to_counted(result)"},
    {"init_arrays", init_arrays, METH_VARARGS, NULL},
    {"getitem_method", getitem_method, METH_O, NULL},
    {"view_attribute", view_attribute, METH_VARARGS, NULL},
    {"init_run", init_run, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "flopscope._speedups",
    "Compiled twins of flopscope's dispatch hot path (optional).", -1, methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    import_array();
#define INTERN(var, text)                                 \
    if ((var = PyUnicode_InternFromString(text)) == NULL) \
        return NULL;
    INTERN(s_where, "where");
    INTERN(s_guard, "_guard");
    INTERN(s_refuse, "_refuse");
    INTERN(s_intern, "_intern");
#undef INTERN
    if (PyType_Ready(&LedgerType) < 0 || PyType_Ready(&ViewAttributeType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddObjectRef(m, "Ledger", (PyObject *)&LedgerType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
