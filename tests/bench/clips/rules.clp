;;; Baseline (e): the seed plan (examples/an-giang-2026/policy.thidua) as CLIPS rules, as
;;; the design's CONTRACT §2 reads it. The facts come from facts.py (CLIPS has no JSON reader);
;;; scores are integers scaled by 10^6, so every comparison is exact.
;;;
;;;   (load* "rules.clp") (bench "persons-10k.clp") (exit)      -- what run.py's driver does
;;;
;;; Eligibility is decided by rules (the Rete network matches while the facts load); ranking
;;; and quotas, which CLIPS rules cannot express in less than quadratic time, by CLIPS's
;;; `sort` over the eligible facts. Prints the selection as `award<TAB>entity<TAB>id` lines,
;;; best rank first (tests/bench/selection.py).

(deftemplate board (slot par_index))

(deftemplate unit
  (slot id) (slot name) (slot kind) (slot complies) (slot tasks_completed) (slot disciplined)
  (slot tasks_rating) (slot recognized_initiatives) (slot emulation_rating) (slot score))

(deftemplate person
  (slot id) (slot name) (slot unit) (slot complies) (slot tasks_completed) (slot disciplined)
  (slot initiatives) (multislot titles) (multislot contributions) (slot score))

;;; Eligible for the Giấy khen, with the rank keys; the Bằng khen requires the same.
(deftemplate eligible-unit (slot id) (slot score) (slot initiatives))
(deftemplate eligible-person (slot id) (slot has_initiative) (slot score) (slot initiatives))

;;; Scale Rating, best first: a smaller index is better. Ratings come as codes or labels.
(deffunction rating-index (?r)
  (switch ?r
    (case "xuat_sac" then 0) (case "Xuất sắc" then 0)
    (case "tot" then 1) (case "Tốt" then 1)
    (case "kha" then 2) (case "Khá" then 2)
    (case "trung_binh" then 3) (case "Trung bình" then 3)
    (case "yeu" then 4) (case "Yếu" then 4)
    (default (printout werror "unknown rating " ?r crlf) (exit 1))))

;;; V.1 general standard of a unit (no member disciplined) and V.3's unit criteria.
(defrule giay-khen-unit
  (unit (id ?id) (complies TRUE) (tasks_completed TRUE) (disciplined FALSE)
        (tasks_rating ?r&:(<= (rating-index ?r) 1))
        (recognized_initiatives ?n&:(>= ?n 1)) (score ?s))
  (not (person (unit ?id) (disciplined TRUE)))
  =>
  (assert (eligible-unit (id ?id) (score ?s) (initiatives ?n))))

;;; V.1 general standard of a person and V.3's person criteria.
(defrule giay-khen-person
  (person (id ?id) (complies TRUE) (tasks_completed TRUE) (disciplined FALSE)
          (titles $? "Lao động tiên tiến" $?) (contributions ? $?)
          (initiatives ?n) (score ?s))
  =>
  (assert (eligible-person (id ?id) (has_initiative (if (>= ?n 1) then 1 else 0))
                           (score ?s) (initiatives ?n))))

;;; `sort` calls these with two facts and puts the first after the second when they return
;;; TRUE. Units: score desc, recognized_initiatives desc; persons: initiatives >= 1 first,
;;; score desc, initiatives desc; the id (byte order) breaks ties.
(deffunction unit-after (?a ?b)
  (bind ?x (fact-slot-value ?a score)) (bind ?y (fact-slot-value ?b score))
  (if (<> ?x ?y) then (return (< ?x ?y)))
  (bind ?x (fact-slot-value ?a initiatives)) (bind ?y (fact-slot-value ?b initiatives))
  (if (<> ?x ?y) then (return (< ?x ?y)))
  (> (str-compare (fact-slot-value ?a id) (fact-slot-value ?b id)) 0))

(deffunction person-after (?a ?b)
  (bind ?x (fact-slot-value ?a has_initiative)) (bind ?y (fact-slot-value ?b has_initiative))
  (if (<> ?x ?y) then (return (< ?x ?y)))
  (bind ?x (fact-slot-value ?a score)) (bind ?y (fact-slot-value ?b score))
  (if (<> ?x ?y) then (return (< ?x ?y)))
  (bind ?x (fact-slot-value ?a initiatives)) (bind ?y (fact-slot-value ?b initiatives))
  (if (<> ?x ?y) then (return (< ?x ?y)))
  (> (str-compare (fact-slot-value ?a id) (fact-slot-value ?b id)) 0))

(deffunction print-ids (?award ?entity ?facts ?from ?to)
  (loop-for-count (?i ?from ?to)
    (printout t ?award tab ?entity tab (fact-slot-value (nth$ ?i ?facts) id) crlf)))

(deffunction bench (?facts-file)
  (if (not (load-facts ?facts-file)) then (exit 1))
  (run)
  (bind ?units (sort unit-after (find-all-facts ((?u eligible-unit)) TRUE)))
  (bind ?persons (sort person-after (find-all-facts ((?p eligible-person)) TRUE)))
  ;; V.2: the Bằng khen opens when the Board's PAR INDEX is Xuất sắc; 1 unit, 2 persons.
  (bind ?open (any-factp ((?b board)) (member$ ?b:par_index (create$ "xuat_sac" "Xuất sắc"))))
  (bind ?bang-units (if ?open then (min 1 (length$ ?units)) else 0))
  (bind ?bang-persons (if ?open then (min 2 (length$ ?persons)) else 0))
  ;; Its recipients are not given the Giấy khen, whose person cap is floor(20% of persons).
  (bind ?cap (div (length$ (find-all-facts ((?p person)) TRUE)) 5))
  (print-ids bang_khen Unit ?units 1 ?bang-units)
  (print-ids bang_khen Person ?persons 1 ?bang-persons)
  (print-ids giay_khen Unit ?units (+ ?bang-units 1) (length$ ?units))
  (print-ids giay_khen Person ?persons (+ ?bang-persons 1)
             (min (length$ ?persons) (+ ?bang-persons ?cap))))
